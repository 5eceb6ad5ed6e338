"""Where a tokenizer spec's files are: ``TOKSCOPE_TOKENIZERS``, the Hugging Face cache, the Hub."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

from tokscope.loading.files import SENTENCEPIECE_NAMES, first_line, folder_format
from tokscope.loading.names import ALIAS_SYNONYMS, ENV_VAR


def looks_like_path(spec: str) -> bool:
    """Whether a spec that does not exist was meant as a path (not an alias or hub id)."""
    return (
        spec.startswith((".", "/", "~"))
        or "\\" in spec
        or spec.endswith((".json", ".model", ".txt"))
        or spec.count("/") > 1
    )


def name_for_path(path: Path) -> str:
    """The display name of a tokenizer read from ``path`` (its folder, or the file's stem)."""
    path = path.resolve()
    if path.is_file() and path.parent.name:
        return path.parent.name if path.name == "tokenizer.json" else path.stem
    return path.name or str(path)


def _env_dirs() -> list[Path]:
    raw = os.environ.get(ENV_VAR, "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def find_in_env_dirs(spec: str, alias: str | None, hub_id: str, tried: list[str]) -> Path | None:
    """The folder for a spec under :data:`ENV_VAR`, or None (and where it looked, in ``tried``)."""
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
            if candidate.is_dir() and folder_format(candidate) is not None:
                return candidate
    looked = ", ".join(str(d) for d in dirs)
    tried.append(
        f"{ENV_VAR} ({looked}: no folder named {' or '.join(unique)} with tokenizer files)"
    )
    return None


def hf_cache_dir() -> str:
    """The Hugging Face cache folder, as huggingface_hub finds it (``HF_HUB_CACHE``, ``HF_HOME``,
    ``XDG_CACHE_HOME`` or ``~/.cache/huggingface/hub``; read when huggingface_hub is imported)."""
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)


def hub_revision(hub_id: str, snapshot: Path) -> str | None:
    """The commit of ``hub_id`` whose snapshot folder in the Hugging Face cache is ``snapshot``
    (huggingface_hub's cache scan), or None when the cache does not hold it."""
    from huggingface_hub import scan_cache_dir

    try:
        cache = scan_cache_dir(hf_cache_dir())
    except Exception:  # no cache folder, or one huggingface_hub cannot read: no revision
        return None
    target = snapshot.resolve()
    for repo in cache.repos:
        if repo.repo_id != hub_id or repo.repo_type != "model":
            continue
        for revision in repo.revisions:
            if revision.snapshot_path.resolve() == target:
                return revision.commit_hash
    return None


_HUB_LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("tokenizer.json",),
    ("vocab.json", "merges.txt"),
    *((name,) for name in SENTENCEPIECE_NAMES),
)


def find_in_hf_cache(hub_id: str, tried: list[str]) -> list[Path] | None:
    """The files of ``hub_id`` in the Hugging Face cache, or None."""
    from huggingface_hub import try_to_load_from_cache

    cache_dir = hf_cache_dir()
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


def hub_unreachable(timeout: float = 3.0) -> str | None:
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


def download_from_hub(hub_id: str, tried: list[str]) -> list[Path] | None:
    """The files of ``hub_id`` downloaded from the Hub, or None."""
    unreachable = hub_unreachable()
    if unreachable:
        tried.append(f"the Hugging Face Hub ({unreachable})")
        return None
    from huggingface_hub import errors, hf_hub_download

    missing = getattr(errors, "RemoteEntryNotFoundError", errors.EntryNotFoundError)
    cache_dir = hf_cache_dir()
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
                reason = first_line(exc) or type(exc).__name__
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
