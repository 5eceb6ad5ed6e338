"""One vocabulary entry as the vocab report shows it (:class:`Entry`), and the lookups by id and
by regular expression over the decoded text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tokscope.errors import TokscopeError
from tokscope.overlap.vocabulary import Form, NormalisedVocab, form_text, sample_key
from tokscope.vocab.reachability import Reachability


@dataclass(frozen=True)
class Entry:
    """One vocabulary entry, what it stands for and whether the tokenizer can produce it."""

    id: int
    """Its id (its row in the embedding table)."""
    token: str
    """Its string as the tokenizer writes it (``Ġreturn``, ``▁return``, ``##ing``)."""
    form: Form
    """The bytes of text it stands for (a continuation for WordPiece ``##x``)."""
    category: str | None
    """Its category (a key of :data:`~tokscope.overlap.CATEGORIES`); None for special and empty
    entries."""
    status: str
    """Its reachability (a key of :data:`~tokscope.vocab.reachability.STATUSES`)."""
    encodes_to: tuple[int, ...] = ()
    """For an unreachable entry, the ids its text encodes to."""
    encodes_to_forms: tuple[Form, ...] = ()
    """What each of those stands for, in the same order."""

    @property
    def n_bytes(self) -> int:
        """Length of the text it stands for, in bytes."""
        return len(self.form if isinstance(self.form, bytes) else self.form.content)


class EntryTable:
    """Builds :class:`Entry` values for the ids of one vocabulary."""

    def __init__(self, vocab: NormalisedVocab, reach: Reachability) -> None:
        self.vocab = vocab
        self.reach = reach

    def __call__(self, i: int) -> Entry:
        """The entry with id ``i`` (which must exist)."""
        vocab = self.vocab
        token = vocab.tokens[i]
        form = vocab.form_of.get(i)
        category = None if form is None else vocab.forms[form]
        if form is None:
            form = token.encode("utf-8") if self.reach.status[i] == "special" else b""
        encodes_to = self.reach.encodes_to.get(i, ())
        forms = tuple(self._form(k) for k in encodes_to)
        return Entry(i, token, form, category, self.reach.status[i], encodes_to, forms)

    def _form(self, i: int) -> Form:
        form = self.vocab.form_of.get(i)
        return form if form is not None else self.vocab.tokens.get(i, "").encode("utf-8")

    def many(self, ids: Iterable[int]) -> tuple[Entry, ...]:
        """The entries of ``ids``, in that order."""
        return tuple(self(i) for i in ids)


def lookup_ids(table: EntryTable, ids: Iterable[int]) -> tuple[Entry, ...]:
    """The entries with these ids; an id outside the vocabulary is a :class:`TokscopeError`."""
    out = []
    for i in ids:
        if i not in table.vocab.tokens:
            raise TokscopeError(
                f"--id {i}: {table.vocab.name} has no entry with that id "
                f"(ids run from 0 to {table.vocab.size - 1})"
            )
        out.append(table(i))
    return tuple(out)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``--grep``'s regular expression, or a one-line :class:`TokscopeError`."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise TokscopeError(
            f"--grep {pattern!r} is not a valid regular expression: {exc}"
        ) from None


def grep_ids(vocab: NormalisedVocab, pattern: re.Pattern[str]) -> list[int]:
    """Ids of the entries whose decoded text (whitespace as itself, ``##`` before WordPiece
    continuations) the pattern matches somewhere, shortest text first."""
    hits = [(sample_key(f), i) for i, f in vocab.form_of.items() if pattern.search(form_text(f))]
    return [i for _, i in sorted(hits)]
