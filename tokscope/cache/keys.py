"""Where the cache lives and what its keys are made of.

A key is the SHA-256 of everything that decides an entry's content: the tokscope version, a
fingerprint of the source of the modules that compute it (an editable install keeps its version
while its code changes), the versions of the libraries whose results it holds
(:func:`code_parts`), the tokenizer's files and what else its format reads
(:func:`tokenizer_key`), the options that change results and the document's language and text.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokscope.loading.tokenizer import Provenance

ENV_DIR = "TOKSCOPE_CACHE_DIR"
"""Environment variable naming the cache folder (overrides the user cache folder)."""

ENV_SIZE = "TOKSCOPE_CACHE_MAX_MB"
"""Environment variable bounding the cache size, in megabytes."""

DEFAULT_MAX_MB = 1000
"""The size bound when :data:`ENV_SIZE` is not set."""

MEASURING = ("tokscope",)
"""The sources (files or folders, relative to the package's parent) whose code fills an entry:
the whole package, but for :data:`NOT_MEASURING`. A list of the measuring modules would go stale
as soon as a measurement moved to a new module (and stale entries would be served)."""

NOT_MEASURING = ("tokscope/render", "tokscope/cli", "tokscope/testing")
"""What only presents or checks results: changing it keeps the cache."""


def cache_dir() -> Path:
    """The cache folder: :data:`ENV_DIR` if set, else the user cache folder (``platformdirs``,
    which honours ``XDG_CACHE_HOME``) + ``tokscope``."""
    override = os.environ.get(ENV_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # the XDG rule platformdirs follows on Linux
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
        return Path(base) / "tokscope"
    return Path(user_cache_dir("tokscope", appauthor=False))


def max_size() -> int:
    """The cache size bound in bytes (:data:`ENV_SIZE` megabytes, default
    :data:`DEFAULT_MAX_MB`)."""
    raw = os.environ.get(ENV_SIZE, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return max(0, int(megabytes * 1e6))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 of the version and of the source files of :data:`MEASURING`, in path order."""
    import tokscope

    root = Path(tokscope.__file__).resolve().parent.parent
    digest = hashlib.sha256(tokscope.__version__.encode())
    for name in MEASURING:
        path = root / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            if file.relative_to(root).as_posix().startswith(NOT_MEASURING):
                continue
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            try:
                digest.update(file.read_bytes())
            except OSError:
                digest.update(b"missing")
            digest.update(b"\0")
    return digest.hexdigest()


def code_parts() -> list[str]:
    """The key parts fixed by the code that fills an entry: tokscope's version and
    :func:`code_fingerprint`, and the versions of what an entry's results depend on besides
    the tokenizer: ``tokenizers``, which encodes, ``pygments``, whose lexers find the lexemes,
    and the Unicode database of the interpreter (an upgrade of any may give other results)."""
    import unicodedata

    import pygments
    import tokenizers

    from tokscope import __version__

    return [
        __version__,
        code_fingerprint(),
        f"tokenizers={tokenizers.__version__}",
        f"pygments={pygments.__version__}",
        f"unicode={unicodedata.unidata_version}",  # behind regular expressions and str methods
    ]


def tokenizer_key(prov: Provenance) -> str:
    """What identifies a tokenizer's behaviour: its format and the SHA-256 of each file, and
    what else a format reads: the split pattern given after ``#`` with a ``.tiktoken`` file, the
    version of the library that converts (transformers for a SentencePiece model, tiktoken for
    its encodings)."""
    parts = [prov.format, *(ref.sha256 for ref in prov.files)]
    if prov.format == "tiktoken":
        from tokscope.loading.tiktoken_format import file_spec

        parts += ["pattern=" + file_spec(prov.spec)[1], _version("tiktoken")]
    elif prov.format == "sentencepiece":
        parts.append(_version("transformers"))
    return key_of(parts)


@cache
def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{package}={version(package)}"
    except PackageNotFoundError:
        return f"{package}=missing"


def key_of(parts: Iterable[str]) -> str:
    """The key of a sequence of strings (unambiguous: each part is length-prefixed)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def text_digest(text: str) -> str:
    """SHA-256 of a document's text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


__all__ = [
    "DEFAULT_MAX_MB",
    "ENV_DIR",
    "ENV_SIZE",
    "MEASURING",
    "cache_dir",
    "code_fingerprint",
    "code_parts",
    "key_of",
    "max_size",
    "text_digest",
    "tokenizer_key",
]
