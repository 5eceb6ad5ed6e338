"""What a pass collects besides the statistics (:class:`Collect` asks, :class:`Extras` holds),
for the commands that need more than ``stats``: the scripts seen (``overlap``), a sample of
documents (``report``'s parity and excerpts), the whitespace histograms (``whitespace
--corpus``). Extras merge in any order, as the aggregates do."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tokscope.corpus.walk import Document


@dataclass(frozen=True)
class Collect:
    """What a pass collects besides the statistics."""

    scripts: bool = False
    """The script categories of the characters in the corpus (for ``overlap --corpus``)."""
    sample_bytes: int = 0
    """Keep the first documents by name that fit together in this many bytes, documents larger
    than that left out (0: keep none)."""
    whitespace: bool = False
    """The indentation and whitespace-run histograms (for ``whitespace --corpus``)."""


@dataclass
class Extras:
    """What a pass collected besides the statistics; merge with :meth:`merge`."""

    scripts: set[str] = field(default_factory=set)
    """Script categories of the characters seen (see :data:`tokscope.overlap.SCRIPT_CATEGORIES`)."""
    sample: list[Document] = field(default_factory=list)
    """The first documents by name (among those no larger than the budget) that fit together in
    the budget. A rule on prefixes of one order, so the sample of merged parts is the sample of
    the whole."""
    sample_bytes: int = 0
    """The budget of ``sample``."""
    sample_cut: tuple[str, str] | None = None
    """(name, text) of a document that fits the budget but was left out for want of room: no
    document from it on (in name order) is in the sample, whatever other parts hold (a part
    alone cannot know what came before it)."""
    indentation: Counter[tuple[int, int, bool]] = field(default_factory=Counter)
    """Non-blank lines per indentation (:func:`~tokscope.whitespace.counting.indentation_of`)."""
    runs: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    """Whitespace runs per kind, position and length
    (:func:`~tokscope.whitespace.counting.runs_of`)."""

    def add(self, docs: Sequence[Document], collect: Collect) -> None:
        """Collect from ``docs`` what ``collect`` asks for."""
        if collect.scripts:
            from tokscope.overlap.categories import script_of

            chars: set[str] = set()
            for doc in docs:
                if not doc.text.isascii():
                    chars.update(doc.text)
            self.scripts.update(s for s in map(script_of, chars) if s is not None)
        if collect.sample_bytes:
            self.sample_bytes = collect.sample_bytes
            self._keep([*self.sample, *docs])
        if collect.whitespace:
            from tokscope.whitespace.counting import indentation_of, runs_of

            for doc in docs:
                self.indentation.update(indentation_of(doc.text))
                self.runs.update(runs_of(doc.text))

    def merge(self, other: Extras) -> None:
        """Add ``other``'s findings (in place)."""
        self.scripts |= other.scripts
        self.indentation.update(other.indentation)
        self.runs.update(other.runs)
        self.sample_bytes = max(self.sample_bytes, other.sample_bytes)
        cuts = [c for c in (self.sample_cut, other.sample_cut) if c is not None]
        self.sample_cut = min(cuts) if cuts else None
        if other.sample or other.sample_cut is not None:
            self._keep([*self.sample, *other.sample])

    def _keep(self, docs: list[Document]) -> None:
        docs.sort(key=_by_name)
        kept: list[Document] = []
        size = 0
        for doc in docs:
            if doc.n_bytes > self.sample_bytes:
                continue
            key = _by_name(doc)
            if self.sample_cut is not None and key >= self.sample_cut:
                break
            if size + doc.n_bytes > self.sample_bytes:
                self.sample_cut = key
                break
            kept.append(doc)
            size += doc.n_bytes
        self.sample = kept


def _by_name(doc: Document) -> tuple[str, str]:
    return (doc.name, doc.text)


__all__ = ["Collect", "Extras"]
