"""The vocabulary budget: embedding rows and parameters spent per category, and what of them a
corpus leaves unused (:func:`budget`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tokscope.overlap.categories import CATEGORIES, SCRIPT_CATEGORIES
from tokscope.overlap.vocabulary import NormalisedVocab

BUDGET_EXTRA: dict[str, str] = {
    "special": "special tokens (always counted in the budget, by id)",
    "empty": "entries that stand for no bytes at all",
    "special-elsewhere": "ordinary entries whose text another compared tokenizer flags special",
}
"""Rows of the vocabulary budget besides :data:`CATEGORIES`."""


@dataclass(frozen=True)
class BudgetRow:
    """Embedding parameters spent on the entries of one category."""

    category: str
    """A key of :data:`CATEGORIES` or :data:`BUDGET_EXTRA`."""
    entries: int
    """Ids of this category (each id is one embedding row, duplicates included)."""
    params: int
    """``entries x hidden``."""
    unused_entries: int | None
    """Entries that never occur on the corpus (None without a corpus)."""
    in_corpus: bool | None
    """For script categories with a corpus: whether the corpus has characters of that script."""


@dataclass(frozen=True)
class VocabBudget:
    """What one vocabulary costs at a hidden size, and what of it a corpus uses."""

    name: str
    """The tokenizer."""
    hidden: int
    """Hidden (embedding) size."""
    entries: int
    """Vocabulary size with added tokens, as in ``tokscope inspect``."""
    rows: tuple[BudgetRow, ...]
    """Per category, categories without entries left out."""

    @property
    def params(self) -> int:
        """``entries x hidden``: the embedding table."""
        return self.entries * self.hidden

    @property
    def unused_entries(self) -> int | None:
        """Entries the corpus never uses (None without a corpus)."""
        if any(r.unused_entries is None for r in self.rows):
            return None
        return sum(r.unused_entries or 0 for r in self.rows)

    @property
    def absent_script_entries(self) -> int | None:
        """Entries of a script the corpus does not contain (None without a corpus)."""
        if any(r.unused_entries is None for r in self.rows):
            return None
        return sum(r.entries for r in self.rows if r.in_corpus is False)


def budget(
    vocab: NormalisedVocab,
    *,
    hidden: int,
    counts: Mapping[int, int] | None = None,
    scripts: Sequence[str] = (),
) -> VocabBudget:
    """Embedding rows and parameters per category; with corpus ``counts``, what goes unused."""
    form_of = vocab.form_of
    category_of = dict(zip(form_of, map(vocab.forms.__getitem__, form_of.values())))
    category_of.update((i, "special") for i, _ in vocab.special)
    category_of.update((i, "empty") for i in vocab.empty)
    category_of.update((i, "special-elsewhere") for i in vocab.special_elsewhere)
    entries = Counter(category_of.values())
    used = Counter(category_of[i] for i, n in (counts or {}).items() if n and i in category_of)
    unused = entries - used
    order = [*CATEGORIES, *BUDGET_EXTRA]
    rows = tuple(
        BudgetRow(
            category=c,
            entries=entries[c],
            params=entries[c] * hidden,
            unused_entries=None if counts is None else unused[c],
            in_corpus=(c in scripts) if counts is not None and c in SCRIPT_CATEGORIES else None,
        )
        for c in order
        if entries[c]
    )
    return VocabBudget(vocab.name, hidden, vocab.size, rows)
