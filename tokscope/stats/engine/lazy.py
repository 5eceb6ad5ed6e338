"""Tokenizers loaded only when the cache cannot answer for them.

A run served from the cache needs of each tokenizer only its :class:`~tokscope.stats.TokenizerInfo`
(name, files, vocabulary size) and the text of the few tokens the report names. Both are stored
in the cache the first time the tokenizer is loaded, under its spec and the places specs are
looked up in; later runs hash the files the spec resolved to and, when every hash is unchanged,
take the stored answers instead of loading the tokenizer. Anything else (a changed file, a
missing entry, a token text not stored yet, a miss to measure) loads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from typing import Any

from tokscope.cache import Store, key_of
from tokscope.cache.keys import code_parts, tokenizer_key
from tokscope.loading.sources import FileRef, Provenance
from tokscope.stats.aggregate import TokenizerInfo
from tokscope.stats.metrics import TokenText
from tokscope.stats.prepared import Prepared

_LOOKUP_ENV = ("TOKSCOPE_TOKENIZERS", "HF_HUB_CACHE", "HF_HOME", "HF_HUB_OFFLINE")
"""Environment variables that change what a spec resolves to."""


class LazyTokenizers:
    """The tokenizers of ``specs`` (each spec once, in order), loaded on first use."""

    def __init__(self, specs: Sequence[str], store: Store) -> None:
        self.store = store
        self.specs = list(specs)
        self._preps: dict[int, Prepared] = {}
        self._loading = threading.Lock()  # the encoding thread may load one ahead
        infos = [self._stored_info(spec) for spec in self.specs]
        if not _distinct(infos) or (
            any(i is None for i in infos) and not self._load_missing(infos)
        ):
            # load them all: the loader decides about specs naming the same tokenizer
            from tokscope.stats.engine.loop import prepare

            preps = prepare(self.specs)
            self.specs = [p.info.provenance.named_spec for p in preps]
            self._preps = dict(enumerate(preps))
            for spec, prep in zip(self.specs, preps):
                self._store_info(spec, prep.info)
            infos = [p.info for p in preps]
        self.infos: list[TokenizerInfo] = [i for i in infos if i is not None]
        """What the report needs of each tokenizer."""

    def _load_missing(self, infos: list[TokenizerInfo | None]) -> bool:
        """Load only the tokenizers without a stored info (``infos`` filled in place), when
        that names them as loading all of them would: no name or file shared with a stored one
        (else the loader's renaming and merging of the same tokenizer would apply, and all are
        loaded again: a rare case). Whether it did."""
        from tokscope.stats.engine.loop import prepare

        missing = [k for k, i in enumerate(infos) if i is None]
        stored = [i for i in infos if i is not None]
        if not stored:
            return False
        preps = prepare([self.specs[k] for k in missing])
        if len(preps) != len(missing):  # two of them are one tokenizer
            return False
        names = {i.name for i in stored}
        files = {i.provenance.sha256 for i in stored}
        if any(p.info.name in names or p.info.provenance.sha256 in files for p in preps):
            return False
        for k, prep in zip(missing, preps):
            self._preps[k] = prep
            infos[k] = prep.info
            self._store_info(self.specs[k], prep.info)
        return True

    @property
    def loaded(self) -> int:
        """How many tokenizers were loaded."""
        return len(self._preps)

    def __len__(self) -> int:
        return len(self.specs)

    def __getitem__(self, k: int) -> Prepared:
        """Tokenizer ``k``, loaded now if it was not."""
        prep = self._preps.get(k)
        if prep is not None:
            return prep
        with self._loading:
            prep = self._preps.get(k)
            if prep is not None:
                return prep
            from tokscope.loading.sources import load

            loaded = load(self.specs[k])
            info = self.infos[k]
            if loaded.name != info.name:
                from dataclasses import replace

                loaded = replace(loaded, name=info.name)
            prep = self._preps[k] = Prepared(loaded, info=info)
        return prep

    # -- token texts ------------------------------------------------------------------------------

    def texts(self, wanted: Sequence[set[int]]) -> list[dict[int, TokenText]]:
        """The text of the tokens ``wanted`` (per tokenizer), from the cache where stored."""
        out: list[dict[int, TokenText]] = []
        for k, ids in enumerate(wanted):
            key = self._texts_key(self.infos[k])
            stored = _json(self.store.get(key)) or {}
            if k not in self._preps and all(str(i) in stored for i in ids):
                out.append({i: TokenText(i, *stored[str(i)]) for i in sorted(ids)})
                continue
            prep = self[k]
            found = {i: prep.text(i) for i in sorted(ids)}
            stored.update({str(i): [t.token, t.text] for i, t in found.items()})
            self.store.put(key, _dump(stored))
            out.append(found)
        self.store.flush()
        return out

    @staticmethod
    def _texts_key(info: TokenizerInfo) -> str:
        return key_of(["texts", *code_parts(), tokenizer_key(info.provenance)])

    # -- infos ------------------------------------------------------------------------------------

    @staticmethod
    def _info_key(spec: str) -> str:
        env = [f"{name}={os.environ.get(name, '')}" for name in _LOOKUP_ENV]
        return key_of(["info", *code_parts(), spec, os.getcwd(), *env])

    def _stored_info(self, spec: str) -> TokenizerInfo | None:
        """The stored info of ``spec`` if its files still hash the same."""
        body = _json(self.store.get(self._info_key(spec)))
        if body is None:
            return None
        try:
            prov = body["provenance"]
            files = tuple(FileRef(str(p), str(s)) for p, s in prov["files"])
            for ref in files:
                with open(ref.path, "rb") as handle:
                    if hashlib.sha256(handle.read()).hexdigest() != ref.sha256:
                        return None
            return TokenizerInfo(
                name=str(body["name"]),
                provenance=Provenance(
                    spec=str(prov["spec"]),
                    origin=str(prov["origin"]),
                    format=str(prov["format"]),
                    files=files,
                    hub_id=prov["hub_id"],
                    revision=prov["revision"],
                    given_name=None if prov["given_name"] is None else str(prov["given_name"]),
                ),
                vocab_size=int(body["vocab_size"]),
                unk_id=body["unk_id"],
                special_tokens_added=int(body["special_tokens_added"]),
            )
        except (OSError, KeyError, TypeError, ValueError):
            return None

    def _store_info(self, spec: str, info: TokenizerInfo) -> None:
        if _renamed(spec, info):  # its name came from the other specs of this run
            return
        prov = info.provenance
        body = {
            "name": info.name,
            "provenance": {
                "spec": prov.spec,
                "given_name": prov.given_name,
                "origin": prov.origin,
                "format": prov.format,
                "files": [[f.path, f.sha256] for f in prov.files],
                "hub_id": prov.hub_id,
                "revision": prov.revision,
            },
            "vocab_size": info.vocab_size,
            "unk_id": info.unk_id,
            "special_tokens_added": info.special_tokens_added,
        }
        self.store.put(self._info_key(spec), _dump(body))
        self.store.flush()


def _renamed(spec: str, info: TokenizerInfo) -> bool:
    """Whether the loader called the tokenizer of ``spec`` by its spec because another one of
    the run went by its name (``a/tok`` and ``b/tok``): alone, it would have another name."""
    from tokscope.loading.named import existing_path
    from tokscope.loading.sources import canonical_alias, name_for_path, parse_spec

    named = parse_spec(spec)
    if named.name is not None or info.name != named.spec:
        return False  # a given name, or not called by its spec
    path = existing_path(named.spec)
    natural = name_for_path(path) if path is not None else canonical_alias(named.spec)
    return natural is not None and natural != named.spec


def _distinct(infos: Sequence[TokenizerInfo | None]) -> bool:
    """Whether the stored infos name distinct tokenizers (distinct names and main files): else
    the specs go through the loader, which merges or renames them."""
    found = [i for i in infos if i is not None]
    names = {i.name for i in found}
    files = {i.provenance.sha256 for i in found}
    return len(names) == len(found) == len(files)


def _json(body: bytes | None) -> Any:
    if body is None:
        return None
    try:
        found = json.loads(body)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _dump(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("ascii")


__all__ = ["LazyTokenizers"]
