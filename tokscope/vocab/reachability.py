"""Which vocabulary entries the tokenizer itself can produce (Land & Bartolo 2024, "Fishing for
Magikarp"): decode an entry to the text it stands for, encode that text again, and see whether
the same single entry comes back.

Tokenizers that insert a space marker before the text (SentencePiece's ``▁`` with
``prepend_scheme``, byte-level ``add_prefix_space``, a ``Prepend`` normalizer) would turn every
continuation piece (``ing`` without ``▁``) into something else only because of that marker. The
text is therefore encoded in a *neutral context*: with a copy of the tokenizer whose marker
insertion is switched off, as if the entry's text stood in the middle of a longer text. WordPiece
continuations (``##ing``) only ever follow another piece of a word; one is reachable when the
normaliser keeps its text and the pre-tokenizer keeps it in one word after a letter (the greedy
longest match then takes the whole continuation). See docs/vocab.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tokenizers import Tokenizer

from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap.vocabulary import NormalisedVocab, form_bytes, is_continuation

STATUSES: dict[str, str] = {
    "reachable": "encoding the entry's text gives back that single entry",
    "unreachable": "the entry's text encodes to other entries: the row is never produced",
    "partial-utf8": "a byte fragment that decodes to no valid text (normal for byte-level BPE)",
    "special": "a special token, matched only as itself and left out of the analysis",
    "empty": "an entry that stands for no text",
}
"""Every reachability status, in display order, with what it means."""

CHUNK = 16384
"""Entries encoded per batch: the encodings of all 250,002 of XLM-R's at once took about 350 MB
more at the peak, and batches this large are as quick."""

GLUE = "a"
"""The letter a WordPiece continuation is glued to when checking that it stays in one word."""


@dataclass(frozen=True)
class Reachability:
    """The reachability of every entry of one vocabulary."""

    status: Mapping[int, str] = field(repr=False)
    """Every id's status (a key of :data:`STATUSES`)."""
    encodes_to: Mapping[int, tuple[int, ...]] = field(repr=False)
    """For each unreachable id, the ids its text encodes to."""
    context: tuple[str, ...]
    """What was switched off to encode in a neutral context (empty when nothing had to be)."""

    def ids(self, status: str) -> list[int]:
        """The ids with ``status``, ascending."""
        return sorted(i for i, s in self.status.items() if s == status)


def neutral_tokenizer(tokenizer: Tokenizer) -> tuple[Tokenizer, tuple[str, ...]]:
    """A copy of ``tokenizer`` that inserts no space marker, and what was switched off.

    >>> from tokenizers import models, pre_tokenizers
    >>> t = Tokenizer(models.BPE())
    >>> t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    >>> neutral_tokenizer(t)[1]
    ('ByteLevel add_prefix_space',)
    """
    state = {
        "normalizer": _component_state(tokenizer.normalizer),
        "pre_tokenizer": _component_state(tokenizer.pre_tokenizer),
    }
    changes = _neutralise(state)
    if not changes:
        return tokenizer, ()
    neutral = _sharing_model(tokenizer, state)
    if neutral is None:
        whole = json.loads(tokenizer.to_str())
        whole.update(state)
        neutral = Tokenizer.from_str(json.dumps(whole))
    return neutral, tuple(dict.fromkeys(changes))


def _component_state(component: Any) -> Any:
    """The JSON state of a normalizer or pre-tokenizer (None for none)."""
    return None if component is None else json.loads(component.__getstate__())


def _neutralise(state: dict[str, Any]) -> list[str]:
    """Switch off marker insertion in a tokenizer's JSON ``state`` (in place); what changed."""
    changes: list[str] = []
    for node in _walk(state.get("pre_tokenizer")):
        kind = node.get("type")
        if kind == "Metaspace":
            if node.get("prepend_scheme", "always") != "never":
                node["prepend_scheme"] = "never"
                changes.append("Metaspace prepend_scheme")
            if node.get("add_prefix_space"):
                node["add_prefix_space"] = False
                changes.append("Metaspace add_prefix_space")
        elif kind == "ByteLevel" and node.get("add_prefix_space"):
            node["add_prefix_space"] = False
            changes.append("ByteLevel add_prefix_space")
    normalizer = state.get("normalizer")
    if isinstance(normalizer, dict):
        if normalizer.get("type") == "Prepend":
            state["normalizer"] = None
            changes.append("Prepend normalizer")
        elif normalizer.get("type") == "Sequence":
            kept = [n for n in normalizer.get("normalizers", []) if n.get("type") != "Prepend"]
            if len(kept) != len(normalizer.get("normalizers", [])):
                normalizer["normalizers"] = kept
                changes.append("Prepend normalizer")
    return changes


def _sharing_model(tokenizer: Tokenizer, state: dict[str, Any]) -> Tokenizer | None:
    """A tokenizer with the neutral normalizer and pre-tokenizer of ``state`` around the same
    model object as ``tokenizer``, with the same added tokens at the same ids; None when that
    cannot be made exactly (padding or truncation set, or the added tokens land elsewhere).

    Rebuilding the whole tokenizer from JSON re-reads every entry of the model (a second for
    XLM-R's 250,002); sharing the model is instant and the encoding pipeline is the same.
    """
    if tokenizer.padding is not None or tokenizer.truncation is not None:
        return None
    pipeline: dict[str, Any] = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [],
        "normalizer": state.get("normalizer"),
        "pre_tokenizer": state.get("pre_tokenizer"),
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": {}, "unk_token": "[UNK]"},
    }
    components = Tokenizer.from_str(json.dumps(pipeline))
    neutral = Tokenizer(tokenizer.model)
    neutral.normalizer = components.normalizer
    neutral.pre_tokenizer = components.pre_tokenizer
    added = sorted(tokenizer.get_added_tokens_decoder().items())
    for _, token in added:
        if token.special:
            neutral.add_special_tokens([token])
        else:
            neutral.add_tokens([token])
    if hasattr(tokenizer, "encode_special_tokens"):
        neutral.encode_special_tokens = tokenizer.encode_special_tokens
    if sorted(neutral.get_added_tokens_decoder().items()) != added:
        return None
    return neutral


def reachability(tok: LoadedTokenizer, vocab: NormalisedVocab) -> Reachability:
    """Decode, re-encode and compare every entry of ``tok`` (``vocab`` is its
    :func:`~tokscope.overlap.normalise` with special tokens left out)."""
    neutral, context = neutral_tokenizer(tok.tokenizer)
    status: dict[int, str] = {}
    for i, _ in vocab.special:
        status[i] = "special"
    for i in vocab.empty:
        status[i] = "empty"
    words: list[tuple[int, str]] = []
    continuations: list[tuple[int, str]] = []
    for i, form in vocab.form_of.items():
        try:
            text = form_bytes(form).decode("utf-8")
        except UnicodeDecodeError:
            status[i] = "partial-utf8"
            continue
        (continuations if is_continuation(form) else words).append((i, text))
    encodes_to: dict[int, tuple[int, ...]] = {}
    # only the ids are compared: the fast batch (no offsets) gives the ids of encode
    encode = getattr(neutral, "encode_batch_fast", neutral.encode_batch)
    for start in range(0, len(words), CHUNK):
        chunk = words[start : start + CHUNK]
        encodings = encode([text for _, text in chunk], add_special_tokens=False)
        for (i, _), encoding in zip(chunk, encodings):
            ids = encoding.ids
            if len(ids) == 1 and ids[0] == i:
                status[i] = "reachable"
            else:
                status[i] = "unreachable"
                encodes_to[i] = tuple(ids)
    for i, text in continuations:
        if _continuation_reachable(neutral, text):
            status[i] = "reachable"
        else:
            status[i] = "unreachable"
            encodes_to[i] = tuple(neutral.encode(text, add_special_tokens=False).ids)
    return Reachability(status=status, encodes_to=encodes_to, context=context)


def _continuation_reachable(tokenizer: Tokenizer, text: str) -> bool:
    """Whether a WordPiece continuation of ``text`` can come out of the greedy longest match."""
    normalizer = tokenizer.normalizer
    if normalizer is not None and normalizer.normalize_str(text) != text:
        return False
    pre = tokenizer.pre_tokenizer
    if pre is None:
        return True
    return [piece for piece, _ in pre.pre_tokenize_str(GLUE + text)] == [GLUE + text]


def _walk(node: Any) -> list[dict[str, Any]]:
    """``node`` and every component nested in it (Sequence pre-tokenizers)."""
    if not isinstance(node, dict):
        return []
    found = [node]
    for value in node.values():
        if isinstance(value, list):
            for item in value:
                found += _walk(item)
    return found
