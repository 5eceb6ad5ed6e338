"""What a tokenizer's components (normalizer, pre-tokenizer, decoder, post-processor) say."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tokenizers import Tokenizer, models

from tokscope.loading.entries import EntryDecoder


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
