"""Resolve a tokenizer spec (alias, Hugging Face hub id or path) to a loaded tokenizer.

A spec resolves, in this order:

1. an existing path: a ``tokenizer.json`` (or any ``.json`` in that format), a SentencePiece
   ``.model``, or a folder holding ``tokenizer.json``, ``vocab.json`` + ``merges.txt`` or a
   ``.model``;
2. a folder named like the alias or the hub id under any directory listed in
   ``TOKSCOPE_TOKENIZERS``;
3. the Hugging Face cache;
4. the Hugging Face Hub (skipped when ``HF_HUB_OFFLINE`` is set).

Every loaded tokenizer records where it came from and the sha256 of each file it read, so reports
can be reproduced. Anything that goes wrong is a :class:`~tokscope.errors.SourceError` with one line
naming every place looked and how to fix it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

from tokscope.errors import SourceError
from tokscope.loading.entries import EntryDecoder
from tokscope.loading.tiktoken_format import is_tiktoken_spec, read_tiktoken

ALIASES: dict[str, str] = {
    "modernbert": "answerdotai/ModernBERT-large",
    "olmo": "allenai/OLMo-1B-hf",
    "xlm-roberta": "FacebookAI/xlm-roberta-large",
    "roberta": "FacebookAI/roberta-large",
}
"""Short names for the tokenizers tokscope knows, mapped to their Hugging Face hub ids."""

ALIAS_SYNONYMS: dict[str, str] = {"xlmr": "xlm-roberta"}
"""Second names accepted for an alias."""

DEFAULT_SPECS: tuple[str, ...] = ("modernbert", "xlm-roberta", "roberta")
"""The tokenizers compared when none is given."""

ENV_VAR = "TOKSCOPE_TOKENIZERS"

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")
_SENTENCEPIECE_NAMES = ("tokenizer.model", "sentencepiece.bpe.model", "spiece.model")
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class FileRef:
    """One file a tokenizer was read from."""

    path: str
    """Where the file was read (a local path, inside the Hugging Face cache for hub files)."""
    sha256: str
    """SHA-256 of the file's bytes."""


@dataclass(frozen=True)
class Provenance:
    """Where a loaded tokenizer came from, precisely enough to reproduce a report."""

    spec: str
    """The spec as the user gave it."""
    origin: str
    """Which step found it: ``path``, ``TOKSCOPE_TOKENIZERS``, ``hf-cache`` or ``hub``."""
    format: str
    """``tokenizer.json``, ``vocab.json+merges.txt`` or ``sentencepiece``."""
    files: tuple[FileRef, ...]
    """The files read, main file first."""
    hub_id: str | None = None
    """The Hugging Face repository, when the files came from the cache or the Hub."""
    revision: str | None = None
    """The commit of that repository, when known."""

    @property
    def sha256(self) -> str:
        """SHA-256 of the main file."""
        return self.files[0].sha256


@dataclass(frozen=True, eq=False)
class LoadedTokenizer:
    """A tokenizer ready to use, with its display name and provenance."""

    name: str
    """Short name for tables and JSON keys (the alias, hub id or folder name)."""
    tokenizer: Tokenizer = field(repr=False)
    """The ``tokenizers`` object, exactly as its files define it."""
    provenance: Provenance
    """Where it came from."""
    entries: EntryDecoder = field(repr=False)
    """How its vocabulary entries map to bytes."""

    @property
    def special_ids(self) -> frozenset[int]:
        """Ids of added tokens flagged special."""
        return frozenset(
            i for i, t in self.tokenizer.get_added_tokens_decoder().items() if t.special
        )


def canonical_alias(spec: str) -> str | None:
    """The alias a spec names (``xlmr`` -> ``xlm-roberta``), or None.

    >>> canonical_alias("XLMR")
    'xlm-roberta'
    """
    key = spec.lower()
    key = ALIAS_SYNONYMS.get(key, key)
    return key if key in ALIASES else None


def load(spec: str) -> LoadedTokenizer:
    """Resolve ``spec`` and load the tokenizer it names.

    Raises :class:`SourceError` with one actionable line when nothing is found or the files are
    unreadable.
    """
    spec = spec.strip()
    if not spec:
        raise SourceError(
            "empty tokenizer spec: give an alias (modernbert, olmo, xlm-roberta, "
            "roberta), a Hugging Face hub id or a path"
        )
    if is_tiktoken_spec(spec):  # OpenAI's encodings: see tokscope.loading.tiktoken_format
        found = read_tiktoken(spec)
        refs = tuple(FileRef(p, sha) for p, sha in found.files)
        provenance = Provenance(spec=spec, origin=found.origin, format="tiktoken", files=refs)
        return LoadedTokenizer(
            found.name, found.tokenizer, provenance, entry_decoder_for(found.tokenizer)
        )

    path = Path(spec).expanduser()
    if path.exists():
        return _load_path(spec, path, origin="path", name=name_for_path(path))
    if _looks_like_path(spec):
        raise SourceError(
            f"tokenizer path {spec!r} does not exist: check the path, or give an "
            "alias or a Hugging Face hub id"
        )

    alias = canonical_alias(spec)
    hub_id = ALIASES[alias] if alias else spec
    name = alias or spec
    if not _HUB_ID.match(hub_id):
        raise SourceError(
            f"{spec!r} is not a known alias ({_alias_list()}), an existing path, or a "
            "valid Hugging Face hub id (owner/name)"
        )

    tried: list[str] = []
    local = _find_in_env_dirs(spec, alias, hub_id, tried)
    if local is not None:
        return _load_path(spec, local, origin=ENV_VAR, name=name)

    cached = _find_in_hf_cache(hub_id, tried)
    if cached is not None:
        return _load_hub_files(spec, name, hub_id, cached, origin="hf-cache")

    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE:
        tried.append("the Hub (skipped: HF_HUB_OFFLINE is set)")
    else:
        downloaded = _download_from_hub(hub_id, tried)
        if downloaded is not None:
            return _load_hub_files(spec, name, hub_id, downloaded, origin="hub")

    hint = (
        f"set {ENV_VAR} to a folder holding '{alias or hub_id.split('/')[-1]}/tokenizer.json', "
        "or give a path to a tokenizer.json"
    )
    raise SourceError(
        f"cannot find tokenizer {spec!r} ({hub_id}); looked in: {'; '.join(tried)}. Fix: {hint}"
    )


def load_many(specs: Sequence[str]) -> list[LoadedTokenizer]:
    """Load each spec once, in order; an empty sequence means :data:`DEFAULT_SPECS`."""
    loaded: list[LoadedTokenizer] = []
    seen: dict[str, str] = {}
    for spec in specs or DEFAULT_SPECS:
        tok = load(spec)
        if seen.get(tok.name) == tok.provenance.sha256:
            continue  # the same tokenizer named twice (xlmr and xlm-roberta)
        if tok.name in seen:  # another tokenizer under the same name: call it by its spec
            tok = replace(tok, name=spec)
        seen[tok.name] = tok.provenance.sha256
        loaded.append(tok)
    return loaded


def entry_decoder_for(tokenizer: Tokenizer) -> EntryDecoder:
    """Work out how ``tokenizer`` writes its vocabulary entries (see :class:`EntryDecoder`)."""
    parts = [_state(tokenizer.decoder), _state(tokenizer.pre_tokenizer)]
    types = {t for part in parts for t in _types(part)}
    metaspace: str | None = None
    for part in parts:
        for node in _nodes(part):
            if node.get("type") == "Metaspace":
                metaspace = str(node.get("replacement", "▁"))
            elif node.get("type") == "Replace" and node.get("content") == " ":
                pattern = node.get("pattern", {})
                if isinstance(pattern, dict) and isinstance(pattern.get("String"), str):
                    metaspace = pattern["String"]
    model = tokenizer.model
    prefix = getattr(model, "continuing_subword_prefix", None) or None
    if not isinstance(model, models.WordPiece):
        prefix = None
    byte_fallback = bool(getattr(model, "byte_fallback", False)) or "ByteFallback" in types
    return EntryDecoder(
        byte_level="ByteLevel" in types,
        metaspace=metaspace,
        continuing_prefix=prefix,
        byte_fallback=byte_fallback,
        added=frozenset(tokenizer.get_added_tokens_decoder()),
    )


def component_state(component: object) -> dict[str, Any] | None:
    """The JSON description of a normalizer, pre-tokenizer, decoder or post-processor."""
    return _state(component)


# -- resolution steps ---------------------------------------------------------------------------


def _alias_list() -> str:
    return ", ".join(ALIASES) + " (xlmr for xlm-roberta)"


def _looks_like_path(spec: str) -> bool:
    return (
        spec.startswith((".", "/", "~"))
        or "\\" in spec
        or spec.endswith((".json", ".model", ".txt"))
        or spec.count("/") > 1
    )


def name_for_path(path: Path) -> str:
    """The name a tokenizer loaded from ``path`` gets: its folder, or the file's stem."""
    path = path.resolve()
    if path.is_file() and path.parent.name:
        return path.parent.name if path.name == "tokenizer.json" else path.stem
    return path.name or str(path)


def _env_dirs() -> list[Path]:
    raw = os.environ.get(ENV_VAR, "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def _find_in_env_dirs(spec: str, alias: str | None, hub_id: str, tried: list[str]) -> Path | None:
    dirs = _env_dirs()
    if not dirs:
        tried.append(f"{ENV_VAR} (not set)")
        return None
    names: list[str] = []
    if alias:
        names += [alias, *(k for k, v in ALIAS_SYNONYMS.items() if v == alias)]
    names += [spec, hub_id, hub_id.replace("/", "--"), hub_id.split("/")[-1]]
    unique = list(dict.fromkeys(names))
    for base in dirs:
        for candidate in (base / n for n in unique):
            if candidate.is_dir() and _folder_format(candidate) is not None:
                return candidate
    looked = ", ".join(str(d) for d in dirs)
    tried.append(
        f"{ENV_VAR} ({looked}: no folder named {' or '.join(unique)} with tokenizer files)"
    )
    return None


def _hf_cache_dir() -> str:
    env = os.environ
    if env.get("HF_HUB_CACHE"):
        return env["HF_HUB_CACHE"]
    if env.get("HUGGINGFACE_HUB_CACHE"):
        return env["HUGGINGFACE_HUB_CACHE"]
    if env.get("HF_HOME"):
        return os.path.join(env["HF_HOME"], "hub")
    xdg = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(xdg, "huggingface", "hub")


_HUB_LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("tokenizer.json",),
    ("vocab.json", "merges.txt"),
    *((name,) for name in _SENTENCEPIECE_NAMES),
)


def _find_in_hf_cache(hub_id: str, tried: list[str]) -> list[Path] | None:
    from huggingface_hub import try_to_load_from_cache

    cache_dir = _hf_cache_dir()
    for layout in _HUB_LAYOUTS:
        found: list[Path] = []
        for filename in layout:
            try:
                hit = try_to_load_from_cache(hub_id, filename, cache_dir=cache_dir)
            except Exception:  # invalid ids or an unreadable cache: treat as a miss
                hit = None
            if not isinstance(hit, str):
                break
            found.append(Path(hit))
        if len(found) == len(layout):
            return found
    tried.append(f"the Hugging Face cache ({cache_dir})")
    return None


def _hub_unreachable(timeout: float = 3.0) -> str | None:
    """Why the Hub's host cannot be reached, or None when a connection opens.

    huggingface_hub retries a failed connection for about 25 seconds per file; one quick probe
    first makes a machine without network fail in seconds, not minutes.
    """
    from urllib.parse import urlsplit

    from huggingface_hub import constants

    parts = urlsplit(constants.ENDPOINT)
    host = parts.hostname or "huggingface.co"
    port = parts.port or (80 if parts.scheme == "http" else 443)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        return f"{host} unreachable: {exc.strerror or type(exc).__name__}"
    return None


def _download_from_hub(hub_id: str, tried: list[str]) -> list[Path] | None:
    unreachable = _hub_unreachable()
    if unreachable:
        tried.append(f"the Hugging Face Hub ({unreachable})")
        return None
    from huggingface_hub import errors, hf_hub_download

    missing = getattr(errors, "RemoteEntryNotFoundError", errors.EntryNotFoundError)
    cache_dir = _hf_cache_dir()
    hub_logger = logging.getLogger("huggingface_hub")
    level = hub_logger.level
    hub_logger.setLevel(logging.ERROR)  # no "Retrying in 1s" lines in the user's terminal
    try:
        for layout in _HUB_LAYOUTS:
            found: list[Path] = []
            try:
                for filename in layout:
                    found.append(Path(hf_hub_download(hub_id, filename, cache_dir=cache_dir)))
            except Exception as exc:
                if isinstance(exc, missing) and not isinstance(exc, errors.LocalEntryNotFoundError):
                    continue
                reason = _first_line(exc) or type(exc).__name__
                tried.append(f"the Hugging Face Hub ({type(exc).__name__}: {reason})")
                return None
            return found
    finally:
        hub_logger.setLevel(level)
    tried.append(
        f"the Hugging Face Hub ({hub_id} has no tokenizer.json, vocab.json + merges.txt "
        "or SentencePiece model)"
    )
    return None


# -- loading files ------------------------------------------------------------------------------


def _folder_format(folder: Path) -> tuple[str, list[Path]] | None:
    if (folder / "tokenizer.json").is_file():
        return "tokenizer.json", [folder / "tokenizer.json"]
    if (folder / "vocab.json").is_file() and (folder / "merges.txt").is_file():
        return "vocab.json+merges.txt", [folder / "vocab.json", folder / "merges.txt"]
    for name in _SENTENCEPIECE_NAMES:
        if (folder / name).is_file():
            return "sentencepiece", [folder / name]
    models_found = sorted(folder.glob("*.model"))
    if len(models_found) == 1:
        return "sentencepiece", models_found
    return None


def _format_for_files(files: list[Path]) -> str:
    if len(files) == 2:
        return "vocab.json+merges.txt"
    return "sentencepiece" if files[0].suffix == ".model" else "tokenizer.json"


def _load_path(spec: str, path: Path, *, origin: str, name: str) -> LoadedTokenizer:
    if path.is_dir():
        found = _folder_format(path)
        if found is None:
            raise SourceError(
                f"folder {str(path)!r} has no tokenizer.json, vocab.json + merges.txt "
                "or SentencePiece .model: point at a folder or file that has one"
            )
        fmt, files = found
    else:
        fmt = "sentencepiece" if path.suffix == ".model" else "tokenizer.json"
        files = [path]
    tokenizer, refs = _read(fmt, files)
    provenance = Provenance(spec=spec, origin=origin, format=fmt, files=refs)
    return LoadedTokenizer(name, tokenizer, provenance, entry_decoder_for(tokenizer))


def _load_hub_files(
    spec: str, name: str, hub_id: str, files: list[Path], *, origin: str
) -> LoadedTokenizer:
    fmt = _format_for_files(files)
    tokenizer, refs = _read(fmt, files)
    snapshot = files[0].parent
    revision = snapshot.name if snapshot.parent.name == "snapshots" else None
    provenance = Provenance(
        spec=spec, origin=origin, format=fmt, files=refs, hub_id=hub_id, revision=revision
    )
    return LoadedTokenizer(name, tokenizer, provenance, entry_decoder_for(tokenizer))


def _read(fmt: str, files: list[Path]) -> tuple[Tokenizer, tuple[FileRef, ...]]:
    blobs: list[bytes] = []
    for f in files:
        try:
            blobs.append(f.read_bytes())
        except OSError as exc:
            raise SourceError(
                f"cannot read tokenizer file {str(f)!r}: {exc.strerror or exc}; "
                "check that it exists and is readable"
            ) from None
    refs = tuple(FileRef(str(f), hashlib.sha256(b).hexdigest()) for f, b in zip(files, blobs))
    try:
        if fmt == "tokenizer.json":
            tokenizer = Tokenizer.from_str(blobs[0].decode("utf-8"))
        elif fmt == "vocab.json+merges.txt":
            tokenizer = _byte_level_bpe(files[0], files[1], blobs[0])
        else:
            tokenizer = _sentencepiece(files[0])
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(
            f"cannot load tokenizer from {str(files[0])!r}: the file is corrupt, "
            f"truncated or not a {fmt} tokenizer ({_first_line(exc)}); download it "
            "again or point at another file"
        ) from None
    return tokenizer, refs


_SPECIAL_CANDIDATES = ("<s>", "<pad>", "</s>", "<unk>", "<mask>", "<|endoftext|>")


def _byte_level_bpe(vocab: Path, merges: Path, vocab_blob: bytes) -> Tokenizer:
    """Build a byte-level BPE from ``vocab.json`` + ``merges.txt`` the way RoBERTa's fast tokenizer
    does: ByteLevel pre-tokenizer without a prefix space, ByteLevel decoder, and ``<s> $A </s>``."""
    entries = json.loads(vocab_blob.decode("utf-8"))
    if not isinstance(entries, dict):
        raise ValueError("vocab.json is not a JSON object of token -> id")
    tokenizer = Tokenizer(models.BPE.from_file(str(vocab), str(merges)))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    specials = [t for t in _SPECIAL_CANDIDATES if t in entries]
    if specials:
        tokenizer.add_special_tokens(specials)
    if "<s>" in entries and "</s>" in entries:
        tokenizer.post_processor = processors.RobertaProcessing(
            ("</s>", int(entries["</s>"])), ("<s>", int(entries["<s>"])), add_prefix_space=False
        )
    return tokenizer


def _sentencepiece(model_file: Path) -> Tokenizer:
    """Convert a SentencePiece ``.model`` through transformers (the only format that needs it)."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no "PyTorch was not found" banner
    try:
        from transformers.convert_slow_tokenizer import SpmConverter
    except ImportError:
        raise SourceError(
            f"reading the SentencePiece model {str(model_file)!r} needs transformers, "
            "sentencepiece and protobuf: pip install 'tokscope[sentencepiece]'"
        ) from None

    class _SlowStandIn:
        vocab_file = str(model_file)
        legacy = False
        add_prefix_space = True

    try:
        converter = SpmConverter(_SlowStandIn())  # type: ignore[no-untyped-call]
    except ImportError:  # transformers is there, but not protobuf or sentencepiece
        raise SourceError(
            f"reading the SentencePiece model {str(model_file)!r} needs transformers, "
            "sentencepiece and protobuf: pip install 'tokscope[sentencepiece]'"
        ) from None
    tokenizer = converter.converted()
    assert isinstance(tokenizer, Tokenizer)
    return tokenizer


# -- helpers ------------------------------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def _state(component: object) -> dict[str, Any] | None:
    if component is None:
        return None
    getstate = getattr(component, "__getstate__", None)
    if getstate is None:
        return None
    raw = getstate()
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    value = json.loads(raw) if isinstance(raw, str) else None
    return value if isinstance(value, dict) else None


def _nodes(state: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    if state is None:
        return
    yield state
    for value in state.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from _nodes(item)
        elif isinstance(value, dict):
            yield from _nodes(value)


def _types(state: dict[str, Any] | None) -> set[str]:
    return {str(n["type"]) for n in _nodes(state) if "type" in n}
