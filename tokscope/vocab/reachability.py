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
    state = json.loads(tokenizer.to_str())
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
    if not changes:
        return tokenizer, ()
    return Tokenizer.from_str(json.dumps(state)), tuple(dict.fromkeys(changes))


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
    encodings = neutral.encode_batch([text for _, text in words], add_special_tokens=False)
    for (i, _), encoding in zip(words, encodings):
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
