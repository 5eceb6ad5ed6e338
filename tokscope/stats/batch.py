"""The tokenizer-independent side of a batch of documents: their bytes end to end, and the units
every tokenizer is measured against (words, indentation runs, lexemes, identifier boundaries)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from tokscope.corpus.walk import Document
from tokscope.lexing import IDENTIFIER, WHITESPACE, canonical_language, lexeme_starts
from tokscope.stats.identifiers import subword_boundaries
from tokscope.text import IDENTIFIER_LEXEME, WHITESPACE_BYTES, ByteIndex

if TYPE_CHECKING:
    from tokscope.cache.lexemes import Lexed

_IS_WHITESPACE = np.zeros(256, dtype=bool)
_IS_WHITESPACE[sorted(WHITESPACE_BYTES)] = True


class Batch:
    """The tokenizer-independent side of a batch: documents end to end, and their units."""

    def __init__(
        self,
        docs: Sequence[Document],
        *,
        lex: bool,
        lexed: Sequence[Lexed | None] | None = None,
    ) -> None:
        """``lexed`` gives, per document, its lexemes when they are known already (None: lex
        it); after lexing, :attr:`lexed` holds every document's."""
        self.docs = docs
        self.texts = [d.text for d in docs]
        self.datas = [t.encode("utf-8") for t in self.texts]
        self.languages = sorted({canonical_language(d.language) for d in docs})
        lang_index = {name: k for k, name in enumerate(self.languages)}
        self.lang = np.array([lang_index[canonical_language(d.language)] for d in docs], np.int64)
        self.n_bytes = np.array([len(b) for b in self.datas], dtype=np.int64)
        self.n_chars = np.array([len(t) for t in self.texts], dtype=np.int64)
        self.base = np.concatenate(([0], np.cumsum(self.n_bytes)))
        self.boc = [ByteIndex(b).offsets for b in self.datas]
        joined = np.frombuffer(b"".join(self.datas), dtype=np.uint8)
        self.total = len(joined)
        doc_of_byte = np.repeat(np.arange(len(docs)), self.n_bytes)
        starts_doc = np.zeros(self.total + 1, dtype=bool)
        starts_doc[self.base[:-1]] = True
        ws = _IS_WHITESPACE[joined]
        ws_count = np.concatenate(([0], np.cumsum(ws)))
        self.ws_bytes = ws_count[self.base[1:]] - ws_count[self.base[:-1]]
        self.words = true_runs(~ws, starts_doc)
        self.words_doc = doc_of_byte[self.words[0]]
        """Per word, its document (an index into :attr:`docs`); so for the other units."""
        # Indentation: runs of spaces and tabs that start a line.
        blank = (joined == 32) | (joined == 9)
        runs = true_runs(blank, starts_doc)
        after_newline = np.zeros(self.total, dtype=bool)
        if self.total:
            after_newline[1:] = joined[:-1] == 10
        line_start = after_newline | starts_doc[:-1]
        keep = line_start[runs[0]] if len(runs[0]) else np.zeros(0, dtype=bool)
        self.indent = (runs[0][keep], runs[1][keep])
        self.indent_doc = doc_of_byte[self.indent[0]]
        self.newlines = np.flatnonzero(joined == 10)
        self.lex = lex
        self.lexed: list[Lexed] = []
        """Per document, its lexemes (with ``lex``)."""
        if lex:
            self._lex(lexed)
        else:
            self.solid = self.words

    def _lex(self, known: Sequence[Lexed | None] | None) -> None:
        starts: list[np.ndarray] = []
        classes: list[np.ndarray] = []
        counts: list[int] = []
        names: list[str] = []
        name_units: list[int] = []
        bounds: list[int] = []
        bound_kind: list[int] = []
        bound_doc: list[int] = []
        bound_ident: list[int] = []
        offset = 0
        for d, (text, doc) in enumerate(zip(self.texts, self.docs)):
            mine = known[d] if known is not None else None
            if mine is None:
                mine = lexeme_starts(text, canonical_language(doc.language))
            self.lexed.append(mine)
            cstarts, cls = mine
            boc = self.boc[d]
            base = int(self.base[d])
            if boc is None:
                bstarts = np.asarray(cstarts, dtype=np.int64)
            else:
                bstarts = boc[np.asarray(cstarts, dtype=np.int64)]
            starts.append(bstarts + base)
            classes.append(np.asarray(cls, dtype=np.int64))
            counts.append(len(cstarts))
            ends = [*cstarts[1:], len(text)]
            for k, code in enumerate(cls):
                if code != IDENTIFIER:
                    continue
                name = text[cstarts[k] : ends[k]]
                if not IDENTIFIER_LEXEME.fullmatch(name):  # java.util.Map, @ivar, $GLOBAL
                    continue
                names.append(name)
                name_units.append(offset + k)
                found = subword_boundaries(name)
                if found:
                    at = int(bstarts[k]) + base
                    for pos, kind in found:
                        if boc is not None:
                            pos = len(name[:pos].encode("utf-8"))
                        bounds.append(at + pos)
                        bound_kind.append(kind)
                        bound_doc.append(d)
                        bound_ident.append(len(names) - 1)
            offset += len(cstarts)
        self.unit_starts = np.concatenate(starts) if starts else np.zeros(0, np.int64)
        self.unit_ends = np.append(self.unit_starts[1:], self.total)
        self.unit_cls = np.concatenate(classes) if classes else np.zeros(0, np.int64)
        self.unit_doc = np.repeat(np.arange(len(self.docs)), counts)
        solid = self.unit_cls != WHITESPACE
        self.solid = (self.unit_starts[solid], self.unit_ends[solid])
        self.ident_names = names
        self.ident_units = np.asarray(name_units, dtype=np.int64)
        self.bounds = np.asarray(bounds, dtype=np.int64)
        self.bound_kind = np.asarray(bound_kind, dtype=np.int64)
        self.bound_doc = np.asarray(bound_doc, dtype=np.int64)
        self.bound_ident = np.asarray(bound_ident, dtype=np.int64)
        """Per boundary, its identifier (an index into :attr:`ident_units`)."""

    @cached_property
    def solid_below(self) -> tuple[np.ndarray, np.ndarray]:
        """:func:`counts_below` of the starts and of the ends of :attr:`solid`."""
        return counts_below(self.solid[0], self.total), counts_below(self.solid[1], self.total)

    @cached_property
    def newlines_below(self) -> np.ndarray:
        """:func:`counts_below` of :attr:`newlines`."""
        return counts_below(self.newlines, self.total)


def counts_below(positions: np.ndarray, total: int) -> np.ndarray:
    """``C`` with ``C[x]`` = how many of ``positions`` (each in ``0 .. total``) are below ``x``,
    for ``x`` in ``0 .. total + 1``: ``np.searchsorted(sorted(positions), v, "left")`` is
    ``C[v]`` and ``"right"`` is ``C[v + 1]``, as a lookup instead of a binary search (built once
    per batch, asked by every tokenizer)."""
    dtype = np.int32 if len(positions) < 2**31 else np.int64
    table = np.bincount(positions + 1, minlength=total + 2).astype(dtype)
    np.cumsum(table, out=table)
    return table


def true_runs(mask: np.ndarray, doc_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each run of True in ``mask``, runs cut at document starts."""
    if not len(mask):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    prev = np.zeros(len(mask), dtype=bool)
    prev[1:] = mask[:-1]
    prev &= ~doc_starts[:-1]
    nxt = np.zeros(len(mask), dtype=bool)
    nxt[:-1] = mask[1:]
    nxt &= ~doc_starts[1:]
    return np.flatnonzero(mask & ~prev), np.flatnonzero(mask & ~nxt) + 1
