"""OpenAI's tiktoken encodings as ``tokenizers`` tokenizers, so that every command works on them.

Two kinds of spec name one:

- ``tiktoken:NAME`` (``cl100k_base``, ``o200k_base``, ``p50k_base``, ``r50k_base``, or any
  encoding tiktoken can load): read by tiktoken itself, through its cache (``TIKTOKEN_CACHE_DIR``),
  so an offline machine that holds the files works;
- ``PATH.tiktoken#REGEX`` (or ``tiktoken:PATH.tiktoken#REGEX``): a rank file (one base64 token
  and its rank per line) with the pre-tokenisation pattern given explicitly after ``#``.

The conversion: every token becomes a byte-level BPE entry with its rank as id; every way of
splitting a token into two tokens is a merge, ranked by the token it makes; a piece that is a
token is taken whole (``ignore_merges``), as tiktoken does; the pattern splits the text first,
as tiktoken's does. tiktoken merges, at each step, the adjacent pair whose concatenation has the
lowest rank; BPE merges the pair listed first, so merges are listed in the rank order of their
result. The tests check the ids against tiktoken's own ``encode_ordinary``.

Nothing here imports tiktoken before a tiktoken spec is loaded.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, pre_tokenizers

from tokscope.errors import SourceError
from tokscope.loading.entries import bytes_to_unicode

PREFIX = "tiktoken:"
"""Specs starting with this name a tiktoken encoding."""

SUFFIX = ".tiktoken"
"""The suffix of tiktoken rank files."""

EXTRA_HINT = "pip install 'tokscope[tiktoken]'"


@dataclass(frozen=True)
class TiktokenRead:
    """A tiktoken encoding converted, with what is needed for its provenance."""

    name: str
    """Display name: the encoding's name, or the file's stem."""
    tokenizer: Tokenizer
    """The converted tokenizer."""
    origin: str
    """``tiktoken`` (loaded by tiktoken by name) or ``path``."""
    files: tuple[tuple[str, str], ...]
    """``(path or tiktoken:NAME, sha256)``: for a name, the SHA-256 of its ranks written as a
    ``.tiktoken`` file (equal to the file's own hash when that is sorted by rank)."""


def is_tiktoken_spec(spec: str) -> bool:
    """Whether ``spec`` names a tiktoken encoding or rank file.

    >>> is_tiktoken_spec("tiktoken:cl100k_base"), is_tiktoken_spec("gpt2.tiktoken#\\\\S+")
    (True, True)
    """
    return spec.startswith(PREFIX) or SUFFIX + "#" in spec or spec.endswith(SUFFIX)


def file_spec(spec: str) -> tuple[str, str]:
    """(path, split pattern) of a rank-file spec (``[tiktoken:]PATH.tiktoken#PATTERN``): the
    text before and after ``.tiktoken#`` (the pattern is empty when there is none).

    >>> file_spec("tiktoken:my.tiktoken#[a-z]+")
    ('my', '[a-z]+')
    """
    rest = spec[len(PREFIX) :] if spec.startswith(PREFIX) else spec
    path_text, _, pattern = rest.partition(SUFFIX + "#")
    return path_text, pattern


def read_tiktoken(spec: str) -> TiktokenRead:
    """Load and convert the encoding ``spec`` names (see the module's docstring)."""
    rest = spec[len(PREFIX) :] if spec.startswith(PREFIX) else spec
    if SUFFIX + "#" in rest or rest.endswith(SUFFIX):
        path_text, pattern = file_spec(rest)
        path = Path(path_text if not pattern and path_text.endswith(SUFFIX) else path_text + SUFFIX)
        if not pattern:
            raise SourceError(
                f"tiktoken file {str(path)!r}: give its split pattern after '#', as in "
                f"{path}#REGEX (the encoding's pat_str)"
            )
        return _read_file(spec, path.expanduser(), pattern)
    return _read_named(rest.strip())


def rank_file_sha256(ranks: Mapping[bytes, int]) -> str:
    """SHA-256 of ``ranks`` written as a ``.tiktoken`` file, by rank."""
    digest = hashlib.sha256()
    for token, rank in sorted(ranks.items(), key=lambda kv: kv[1]):
        digest.update(base64.b64encode(token) + b" " + str(rank).encode("ascii") + b"\n")
    return digest.hexdigest()


def onig_pattern(pattern: str) -> str:
    """``pattern`` as Oniguruma (the regular expressions of ``tokenizers``) must read it to match
    what tiktoken's engine matches: a possessive interval ``X{1,3}+`` (as in cl100k_base's
    ``\\p{N}{1,3}+``) is, for Oniguruma's Ruby syntax, ``(?:X{1,3})+``, which would keep
    ``0000`` in one piece; it becomes the atomic group ``(?>X{1,3})``, which is what possessive
    means. Everything else is left as it is (``*+``, ``++``, ``?+`` are possessive in both).

    >>> onig_pattern("[0-9]{1,3}+| ?(?:ab){2}+x")
    '(?>[0-9]{1,3})| ?(?>(?:ab){2})x'
    """
    out: list[str] = []
    last: int | None = None  # where in ``out`` the last atom starts
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            j = min(i + 2, n)
            if j < n and pattern[i + 1] in "pPxuN" and pattern[j] == "{":
                j = pattern.find("}", j) + 1 or n
            last = len(out)
            out.append(pattern[i:j])
        elif c == "[":
            j = _class_end(pattern, i)
            last = len(out)
            out.append(pattern[i:j])
        elif c == "(":
            j = _group_end(pattern, i)
            head = _group_head(pattern, i)
            last = len(out)
            out.append(pattern[i:head] + onig_pattern(pattern[head : j - 1]) + ")")
        elif c == "{" and (quantifier := _INTERVAL.match(pattern, i)) is not None:
            j = quantifier.end()
            if j < n and pattern[j] == "+" and last is not None:
                out[last:] = ["(?>" + "".join(out[last:]) + quantifier.group() + ")"]
                j += 1
            else:
                out.append(quantifier.group())
        else:
            j = i + 1
            if c == "|":
                last = None
            elif c not in "*+?":
                last = len(out)
            out.append(c)
        i = j
    return "".join(out)


_INTERVAL = re.compile(r"\{\d+(?:,\d*)?\}")


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class that starts at ``i`` (nested classes and escapes
    allowed)."""
    depth, j = 0, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and j > i + 1 + (pattern[i + 1 : i + 2] == "^"):
            depth -= 1
            if not depth:
                return j + 1
        j += 1
    return len(pattern)


def _group_end(pattern: str, i: int) -> int:
    """The index after the group that starts at ``i``."""
    depth, j = 0, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(pattern, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if not depth:
                return j + 1
        j += 1
    return len(pattern)


def _group_head(pattern: str, i: int) -> int:
    """Where the body of the group at ``i`` starts: after ``(``, ``(?:``, ``(?i:``, ``(?=``,
    ``(?<name>`` and the like."""
    if not pattern.startswith("(?", i):
        return i + 1
    j = i + 2
    if pattern[j : j + 1] in ("=", "!", ">"):
        return j + 1
    if pattern[j : j + 2] in ("<=", "<!"):
        return j + 2
    if pattern[j : j + 1] == "<" or pattern[j : j + 2] == "P<":
        return pattern.find(">", j) + 1 or len(pattern)
    k = j
    while k < len(pattern) and pattern[k] not in ":)":
        k += 1
    return k + 1 if pattern[k : k + 1] == ":" else k


def convert(
    ranks: Mapping[bytes, int], pattern: str, special_tokens: Mapping[str, int] | None = None
) -> Tokenizer:
    """A byte-level BPE ``Tokenizer`` that encodes text exactly like
    ``tiktoken.Encoding(pat_str=pattern, mergeable_ranks=ranks, special_tokens=...)``'s
    ``encode_ordinary`` (special tokens, matched in the text, keep their ids)."""
    table = bytes_to_unicode()

    def entry(token: bytes) -> str:
        return "".join(table[b] for b in token)

    vocab = {entry(token): rank for token, rank in ranks.items()}
    merges: list[tuple[int, int, int, str, str]] = []
    for token, rank in ranks.items():
        for cut in range(1, len(token)):
            left, right = token[:cut], token[cut:]
            left_rank, right_rank = ranks.get(left), ranks.get(right)
            if left_rank is not None and right_rank is not None:
                merges.append((rank, left_rank, right_rank, entry(left), entry(right)))
    merges.sort()
    specials = dict(special_tokens or {})
    taken = set(vocab.values())
    for text, i in specials.items():
        if i in taken:
            raise SourceError(f"tiktoken special token {text!r} has id {i}, which a token has")
        vocab[text] = i
    model = models.BPE(
        vocab=vocab, merges=[(a, b) for *_, a, b in merges], fuse_unk=False, ignore_merges=True
    )
    tokenizer = Tokenizer(model)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(onig_pattern(pattern)), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    if specials:
        tokenizer.add_special_tokens(
            [
                AddedToken(t, special=True, normalized=False)
                for t, _ in sorted(specials.items(), key=lambda kv: kv[1])
            ]
        )
    return tokenizer


# -- reading ------------------------------------------------------------------------------------


def _import_tiktoken(what: str) -> Any:
    try:
        import tiktoken
    except ImportError:
        raise SourceError(f"{what} needs the tiktoken package: {EXTRA_HINT}") from None
    return tiktoken


def cache_dir() -> str:
    """Where tiktoken keeps downloaded encodings (its own rule)."""
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if var in os.environ:
            return os.environ[var]
    import tempfile

    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def read_only_cached() -> None:
    """From now on, in this process, tiktoken reads encodings from its cache only: where it
    would download one, it gets an OSError instead, which :func:`read_tiktoken` reports as an
    encoding not in the cache (for the process beside a report, which must not download).
    Nothing happens without tiktoken."""
    try:
        import tiktoken.load
    except ImportError:
        return
    read_file = tiktoken.load.read_file

    def local_only(blobpath: str) -> bytes:
        if "://" in blobpath:
            raise OSError(f"not downloading {blobpath} in this process")
        return read_file(blobpath)

    tiktoken.load.read_file = local_only


def _read_named(name: str) -> TiktokenRead:
    tiktoken = _import_tiktoken(f"tokenizer spec 'tiktoken:{name}'")
    if not name:
        raise SourceError("tiktoken: give an encoding name, e.g. tiktoken:cl100k_base")
    known = sorted(tiktoken.list_encoding_names())
    if name not in known:
        raise SourceError(
            f"tiktoken has no encoding {name!r}: known are {', '.join(known)} "
            f"(or give a file: PATH{SUFFIX}#PATTERN)"
        )
    try:
        encoding = tiktoken.get_encoding(name)
    except OSError as exc:  # requests' connection errors are OSErrors
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise SourceError(
            f"tiktoken encoding {name!r} is not in tiktoken's cache ({cache_dir()}) and could not "
            f"be downloaded ({type(exc).__name__}: {reason}); copy the cached file there or set "
            "TIKTOKEN_CACHE_DIR to a folder that holds it"
        ) from None
    except Exception as exc:
        raise SourceError(
            f"tiktoken could not load encoding {name!r} ({type(exc).__name__}: "
            f"{str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ''}); "
            f"remove the file from {cache_dir()} and try again"
        ) from None
    ranks: dict[bytes, int] = encoding._mergeable_ranks
    tokenizer = convert(ranks, encoding._pat_str, encoding._special_tokens)
    return TiktokenRead(name, tokenizer, "tiktoken", ((PREFIX + name, rank_file_sha256(ranks)),))


def _read_file(spec: str, path: Path, pattern: str) -> TiktokenRead:
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise SourceError(
            f"cannot read tiktoken file {str(path)!r}: {exc.strerror or exc}; check the path"
        ) from None
    ranks: dict[bytes, int] = {}
    for number, line in enumerate(blob.splitlines(), 1):
        if not line.strip():
            continue
        try:
            token, rank = line.split()
            ranks[base64.b64decode(token, validate=True)] = int(rank)
        except ValueError:
            raise SourceError(
                f"tiktoken file {str(path)!r}, line {number}: expected 'BASE64 RANK'; "
                "is it a .tiktoken rank file?"
            ) from None
    if not ranks:
        raise SourceError(f"tiktoken file {str(path)!r} holds no tokens")
    try:
        tokenizer = convert(ranks, pattern)
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(
            f"tiktoken file {str(path)!r}: cannot use pattern {pattern!r} ({exc}); give a "
            "valid regular expression after '#'"
        ) from None
    digest = hashlib.sha256(blob).hexdigest()
    return TiktokenRead(path.stem, tokenizer, "path", ((str(path), digest),))
