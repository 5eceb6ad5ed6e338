"""Resolve a tokenizer spec (alias, Hugging Face hub id or path) to a loaded tokenizer.

A spec resolves, in this order:

1. an existing path: a ``tokenizer.json`` (or any ``.json`` in that format), a SentencePiece
   ``.model``, or a folder holding ``tokenizer.json``, ``vocab.json`` + ``merges.txt`` or a
   ``.model``;
2. a folder named like the alias or the hub id under any directory listed in
   ``TOKSCOPE_TOKENIZERS``;
3. the Hugging Face cache;
4. the Hugging Face Hub (skipped when ``HF_HUB_OFFLINE`` is set).

``NAME=SPEC`` loads SPEC and calls it NAME (:mod:`tokscope.loading.named`). Every loaded tokenizer
records where it came from and the sha256 of each file it read, so reports
can be reproduced. Anything that goes wrong is a :class:`~tokscope.errors.SourceError` with one line
naming every place looked and how to fix it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tokscope.errors import SourceError
from tokscope.loading.components import component_state, entry_decoder_for
from tokscope.loading.files import folder_format, format_for_files, read_tokenizer
from tokscope.loading.kept import keep
from tokscope.loading.lookup import (
    download_from_hub,
    find_in_env_dirs,
    find_in_hf_cache,
    hub_revision,
    looks_like_path,
    name_for_path,
)
from tokscope.loading.named import EXAMPLE, NamedSpec, existing_path, parse_spec, parse_specs
from tokscope.loading.names import (
    ALIAS_SYNONYMS,
    ALIASES,
    DEFAULT_SPECS,
    ENV_VAR,
    alias_list,
    canonical_alias,
)
from tokscope.loading.tiktoken_format import is_tiktoken_spec, read_tiktoken
from tokscope.loading.tokenizer import FileRef, LoadedTokenizer, Provenance, StoredSetting

__all__ = [
    "ALIASES",
    "ALIAS_SYNONYMS",
    "DEFAULT_SPECS",
    "ENV_VAR",
    "FileRef",
    "LoadedTokenizer",
    "NamedSpec",
    "Provenance",
    "StoredSetting",
    "canonical_alias",
    "component_state",
    "entry_decoder_for",
    "load",
    "load_many",
    "name_for_path",
    "parse_spec",
    "parse_specs",
]

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?$")
_TRUE = {"1", "true", "yes", "on"}


def load(spec: str) -> LoadedTokenizer:
    """Resolve ``spec`` and load the tokenizer it names; ``NAME=SPEC`` loads SPEC and calls it
    NAME (see :mod:`tokscope.loading.named`).

    Raises :class:`SourceError` with one actionable line when nothing is found or the files are
    unreadable.
    """
    return _load_named(parse_spec(spec))


def _load_named(named: NamedSpec) -> LoadedTokenizer:
    tok = _load_spec(named.spec)
    keep(tok.tokenizer)  # in the console script, never freed (tokscope.loading.kept)
    if named.name is None:
        return tok
    provenance = replace(tok.provenance, given_name=named.name)
    return replace(tok, name=named.name, provenance=provenance)


def _load_spec(spec: str) -> LoadedTokenizer:
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

    path = existing_path(spec)
    if path is not None:
        return _load_path(spec, path, origin="path", name=name_for_path(path))
    if looks_like_path(spec):
        raise SourceError(
            f"tokenizer path {spec!r} does not exist: check the path, or give an "
            "alias or a Hugging Face hub id"
        )

    alias = canonical_alias(spec)
    hub_id = ALIASES[alias] if alias else spec
    name = alias or spec
    if not _HUB_ID.match(hub_id):
        raise SourceError(
            f"{spec!r} is not a known alias ({alias_list()}), an existing path, or a "
            "valid Hugging Face hub id (owner/name)"
        )

    tried: list[str] = []
    local = find_in_env_dirs(spec, alias, hub_id, tried)
    if local is not None:
        return _load_path(spec, local, origin=ENV_VAR, name=name)

    cached = find_in_hf_cache(hub_id, tried)
    if cached is not None:
        return _load_hub_files(spec, name, hub_id, cached, origin="hf-cache")

    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE:
        tried.append("the Hub (skipped: HF_HUB_OFFLINE is set)")
    else:
        downloaded = download_from_hub(hub_id, tried)
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
    """Load each spec once, in order; an empty sequence means :data:`DEFAULT_SPECS`.

    Specs may be ``NAME=SPEC``; a name given twice is a one-line :class:`SourceError`, raised
    before anything is loaded. A given name wins: a tokenizer that would go by it (or by the name
    of one loaded before) is called by its spec instead.
    """
    parsed = parse_specs(specs or DEFAULT_SPECS)
    given = {named.name for named in parsed if named.name is not None}
    loaded: list[LoadedTokenizer] = []
    seen: dict[str, LoadedTokenizer] = {}
    for named in parsed:
        tok = _load_named(named)
        if named.name is None:
            other = seen.get(tok.name)
            if (
                other is not None
                and other.provenance.given_name is None
                and other.provenance.sha256 == tok.provenance.sha256
            ):
                continue  # the same tokenizer named twice (xlmr and xlm-roberta)
            if other is not None or tok.name in given:
                tok = replace(tok, name=named.spec)  # another one goes by that name
        other = seen.get(tok.name)
        if other is not None:
            raise SourceError(
                f"two tokenizers would be called {tok.name!r} ({other.provenance.named_spec} and "
                f"{tok.provenance.named_spec}): give one another name with NAME=SPEC, "
                f"e.g. {EXAMPLE}"
            )
        seen[tok.name] = tok
        loaded.append(tok)
    return loaded


def _load_path(spec: str, path: Path, *, origin: str, name: str) -> LoadedTokenizer:
    if path.is_dir():
        found = folder_format(path)
        if found is None:
            raise SourceError(
                f"folder {str(path)!r} has no tokenizer.json, vocab.json + merges.txt "
                "or SentencePiece .model: point at a folder or file that has one"
            )
        fmt, files = found
    else:
        fmt = "sentencepiece" if path.suffix == ".model" else "tokenizer.json"
        files = [path]
    tokenizer, refs, stored = read_tokenizer(fmt, files)
    provenance = Provenance(spec=spec, origin=origin, format=fmt, files=refs)
    return LoadedTokenizer(name, tokenizer, provenance, entry_decoder_for(tokenizer), stored)


def _load_hub_files(
    spec: str, name: str, hub_id: str, files: list[Path], *, origin: str
) -> LoadedTokenizer:
    fmt = format_for_files(files)
    tokenizer, refs, stored = read_tokenizer(fmt, files)
    revision = hub_revision(hub_id, files[0].parent)
    provenance = Provenance(
        spec=spec, origin=origin, format=fmt, files=refs, hub_id=hub_id, revision=revision
    )
    return LoadedTokenizer(name, tokenizer, provenance, entry_decoder_for(tokenizer), stored)
