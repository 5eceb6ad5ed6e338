"""Two ``stats --json`` runs side by side: what a tokenizer change bought.

Tokenizers are matched by name (``-t v2=./out/tokenizer.json`` gives one its name, so runs of
different files line up), each metric keeps the unit ``stats`` shows it in, and the two runs'
corpora are checked: file count, bytes and the content fingerprint stored in the JSON (a run
saved before fingerprints were kept can still be compared, but not checked as closely).

Deltas come sorted by size of change: tokenizers by their largest change, then each tokenizer's
metrics by theirs. The size of a change is relative to the old value, so ratios and percentages
rank together; a value that was 0 and is not any more ranks first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Unit(str, Enum):
    """How a metric is written (as in ``stats``)."""

    RATIO = "ratio"
    """A plain number (bytes per token, NSL): changes are differences."""
    PERCENT = "percent"
    """A share shown as a percentage: changes are percentage points."""


@dataclass(frozen=True)
class Compared:
    """A metric a comparison shows."""

    key: str
    """Its path in a tokenizer's ``overall`` block (``words.pcw``)."""
    label: str
    """Its name in the views."""
    unit: Unit
    """How ``stats`` writes it."""


COMPARED: tuple[Compared, ...] = (
    Compared("bytes_per_token", "bytes / token", Unit.RATIO),
    Compared("chars_per_token", "chars / token", Unit.RATIO),
    Compared("nsl", "NSL", Unit.RATIO),
    Compared("words.fertility", "tokens / word (fertility)", Unit.RATIO),
    Compared("words.pcw", "words split (PCW)", Unit.PERCENT),
    Compared("words.continuation_share", "continuation tokens", Unit.PERCENT),
    Compared("boundary_crossing_rate", "boundary-crossing tokens", Unit.PERCENT),
    Compared("renyi_efficiency", "Rényi efficiency (α=2.5)", Unit.RATIO),
    Compared("whitespace_cost", "whitespace cost", Unit.PERCENT),
    Compared("whitespace_lost_share", "whitespace lost", Unit.PERCENT),
    Compared("round_trip_fidelity", "round trip decode(encode(x))", Unit.PERCENT),
    Compared("context_fit.512", "files within 512 tokens", Unit.PERCENT),
    Compared("context_fit.8192", "files within 8,192 tokens", Unit.PERCENT),
    Compared("unk_rate", "UNK rate", Unit.PERCENT),
    Compared("indentation.fertility", "tokens / indentation run", Unit.RATIO),
)
"""The metrics a comparison shows, in the order of the ``stats`` overview."""


class CorpusMatch(str, Enum):
    """Whether two runs measured the same documents."""

    SAME = "same"
    """Same file count, bytes and content fingerprint."""
    DIFFERENT = "different"
    """The counts, the bytes or the fingerprints differ."""
    UNKNOWN = "unknown"
    """Counts and bytes agree, but a run has no fingerprint (saved by an older tokscope)."""


@dataclass(frozen=True)
class CorpusFacts:
    """What a saved run says about its corpus."""

    files: int
    """Documents analysed."""
    bytes: int | None
    """Their UTF-8 size (None when the run does not say)."""
    fingerprint: str | None
    """Their content fingerprint (None for a run saved before fingerprints were kept)."""


@dataclass(frozen=True)
class Delta:
    """One metric of one tokenizer in two runs."""

    tokenizer: str
    """Tokenizer name."""
    metric: Compared
    """The metric."""
    old: float | None
    """Value in the old run (None when absent)."""
    new: float | None
    """Value in the new run."""

    @property
    def change(self) -> float | None:
        """new − old, when both exist."""
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def relative(self) -> float | None:
        """(new − old) / |old|, when both exist and old is not 0."""
        change = self.change
        return None if change is None or not self.old else change / abs(self.old)

    @property
    def changed(self) -> bool:
        """Both values exist and differ."""
        return bool(self.change)

    @property
    def size(self) -> float:
        """How much it changed, for sorting: |relative change|, infinite for a change from 0,
        -1 when one value is missing."""
        change = self.change
        if change is None:
            return -1.0
        relative = self.relative
        if relative is None:
            return math.inf if change else 0.0
        return abs(relative)


@dataclass(frozen=True)
class Comparison:
    """Two ``stats --json`` runs side by side."""

    old_corpus: CorpusFacts
    """The old run's corpus."""
    new_corpus: CorpusFacts
    """The new run's corpus."""
    deltas: tuple[Delta, ...]
    """Per tokenizer and metric, sorted by size of change (see the module docstring); those of
    tokenizers in one run only come last, in the new run's order, then the old run's."""
    only_old: tuple[str, ...]
    """Tokenizers only in the old run."""
    only_new: tuple[str, ...]
    """Tokenizers only in the new run."""

    @property
    def old_files(self) -> int:
        """Files in the old run."""
        return self.old_corpus.files

    @property
    def new_files(self) -> int:
        """Files in the new run."""
        return self.new_corpus.files

    @property
    def corpus(self) -> CorpusMatch:
        """Whether both runs measured the same documents."""
        old, new = self.old_corpus, self.new_corpus
        sizes = old.bytes is not None and new.bytes is not None and old.bytes != new.bytes
        if old.files != new.files or sizes:
            return CorpusMatch.DIFFERENT
        if old.fingerprint is None or new.fingerprint is None:
            return CorpusMatch.UNKNOWN
        return CorpusMatch.SAME if old.fingerprint == new.fingerprint else CorpusMatch.DIFFERENT

    @property
    def unchanged(self) -> tuple[str, ...]:
        """Tokenizers in both runs whose every metric is the same."""
        both = [n for n in dict.fromkeys(d.tokenizer for d in self.deltas) if self._in_both(n)]
        return tuple(n for n in both if not any(d.changed for d in self._of(n)))

    def _in_both(self, name: str) -> bool:
        return name not in self.only_old and name not in self.only_new

    def _of(self, name: str) -> list[Delta]:
        return [d for d in self.deltas if d.tokenizer == name]


def _lookup(block: Mapping[str, Any], path: str) -> float | None:
    value: Any = block
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _count(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return value if ok else None


def corpus_facts(doc: Mapping[str, Any]) -> CorpusFacts:
    """The ``corpus`` block of a saved run (missing or malformed fields are None)."""
    corpus = doc.get("corpus", {})
    if not isinstance(corpus, Mapping):
        corpus = {}
    fingerprint = corpus.get("fingerprint")
    return CorpusFacts(
        files=_count(corpus.get("files", 0)) or 0,
        bytes=_count(corpus.get("bytes")),
        fingerprint=fingerprint if isinstance(fingerprint, str) else None,
    )


def _sorted(deltas: list[Delta], order: list[str]) -> list[Delta]:
    rank = {name: k for k, name in enumerate(order)}
    position = {m.key: k for k, m in enumerate(COMPARED)}
    largest: dict[str, float] = {}
    for d in deltas:
        largest[d.tokenizer] = max(largest.get(d.tokenizer, -1.0), d.size)
    return sorted(
        deltas,
        key=lambda d: (
            -largest[d.tokenizer],
            rank[d.tokenizer],
            -d.size,
            position[d.metric.key],
        ),
    )


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Comparison:
    """The changes between two ``stats --json`` documents, matched by tokenizer name."""
    for doc in (old, new):
        if doc.get("command") != "stats" or not isinstance(doc.get("tokenizers"), list):
            raise ValueError("not a tokscope stats --json document")
    olds = {t["name"]: t["overall"] for t in old["tokenizers"]}
    news = {t["name"]: t["overall"] for t in new["tokenizers"]}
    both = [n for n in news if n in olds]
    only_new = [n for n in news if n not in olds]
    only_old = [n for n in olds if n not in news]

    def deltas(names: list[str]) -> list[Delta]:
        return [
            Delta(
                name,
                metric,
                _lookup(olds.get(name, {}), metric.key),
                _lookup(news.get(name, {}), metric.key),
            )
            for name in names
            for metric in COMPARED
        ]

    one_side = [*only_new, *only_old]
    return Comparison(
        old_corpus=corpus_facts(old),
        new_corpus=corpus_facts(new),
        deltas=(*_sorted(deltas(both), both), *_sorted(deltas(one_side), one_side)),
        only_old=tuple(only_old),
        only_new=tuple(only_new),
    )


__all__ = [
    "COMPARED",
    "Compared",
    "Comparison",
    "CorpusFacts",
    "CorpusMatch",
    "Delta",
    "Unit",
    "compare",
    "corpus_facts",
]
