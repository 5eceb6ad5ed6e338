"""Normalised vocabularies: every entry as the bytes it stands for (a *form*), entries that stand
for the same bytes counted once, each form put in a category (:func:`normalise`)."""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, TypeAlias

from tokscope.loading.sources import LoadedTokenizer, Provenance
from tokscope.overlap.categories import Categorizer


class Continuation(NamedTuple):
    """A WordPiece continuation (``##x``): bytes glued to the previous piece of a word.

    Wrapped so that it never equals the word-initial entry of the same bytes.
    """

    content: bytes
    """The bytes of source text."""


Form: TypeAlias = bytes | Continuation
"""What a vocabulary entry stands for: its bytes, or a :class:`Continuation`."""


def form_bytes(form: Form) -> bytes:
    """The bytes a form stands for."""
    return form.content if isinstance(form, Continuation) else form


def is_continuation(form: Form) -> bool:
    """Whether ``form`` is a WordPiece continuation."""
    return isinstance(form, Continuation)


def form_text(form: Form) -> str:
    """A form as text: bytes that are not UTF-8 written ``\\xNN``, ``##`` before continuations.

    >>> form_text(b"\\xf0\\x9f"), form_text(Continuation(b"ing"))
    ('\\\\xf0\\\\x9f', '##ing')
    """
    text = form_bytes(form).decode("utf-8", errors="backslashreplace")
    return "##" + text if isinstance(form, Continuation) else text


def sample_key(form: Form) -> tuple[int, bytes, bool]:
    """The order of samples: by length, then by bytes (continuations after)."""
    content = form_bytes(form)
    return (len(content), content, isinstance(form, Continuation))


@dataclass(frozen=True)
class Duplicate:
    """Several entries of one vocabulary that stand for the same bytes (counted once)."""

    form: Form
    """What they all stand for."""
    ids: tuple[int, ...]
    """Their ids, ascending."""
    tokens: tuple[str, ...]
    """Their strings as the tokenizer writes them, in the order of ``ids``."""
    added: tuple[bool, ...]
    """Whether each is an added token (stored as literal text)."""


@dataclass(frozen=True)
class NormalisedVocab:
    """One vocabulary as a set of forms."""

    name: str
    """The tokenizer's display name."""
    provenance: Provenance
    """Where the tokenizer's files came from."""
    model_type: str
    """``BPE``, ``Unigram``, ``WordPiece`` or ``WordLevel``."""
    size: int
    """Entries, added tokens included (the embedding rows)."""
    special: tuple[tuple[int, str], ...]
    """``(id, token)`` of every added token flagged special, by id."""
    include_special: bool
    """Whether special tokens take part in the comparison (otherwise they are left out)."""
    form_of: Mapping[int, Form] = field(repr=False)
    """The form of every id that takes part in the comparison."""
    forms: Mapping[Form, str] = field(repr=False)
    """Each distinct form and its category (a key of :data:`CATEGORIES`)."""
    duplicates: tuple[Duplicate, ...]
    """Forms that more than one entry stands for, by :func:`sample_key`."""
    tokens: Mapping[int, str] = field(repr=False)
    """Every id's string as the tokenizer writes it."""
    empty: tuple[int, ...] = ()
    """Ids of entries that stand for no bytes (left out of the comparison)."""
    continuations: bool = False
    """Whether some forms are WordPiece continuations."""
    unk_id: int | None = None
    """The id of the unknown token, if the model has one."""
    special_elsewhere: tuple[int, ...] = ()
    """Ids of ordinary entries left out because another compared tokenizer flags the same text
    special (RoBERTa's ``<|endoftext|>`` next to ModernBERT's), by :func:`without_forms`."""

    @cached_property
    def lengths(self) -> Mapping[int, int]:
        """The length in bytes of every id's form (the ids of :attr:`form_of`)."""
        return {i: len(form_bytes(form)) for i, form in self.form_of.items()}

    def first_by_sample(self, ids: Iterable[int], n: int) -> list[int]:
        """The ``n`` of ``ids`` whose forms come first by :func:`sample_key`, ties by id: what
        ``sorted(ids, key=lambda i: (*sample_key(form_of[i]), i))[:n]`` gives, with only the
        ids no longer than the ``n``-th shortest keyed (the others cannot be among them)."""
        chosen = list(ids)
        if n <= 0:
            return []
        lengths = self.lengths
        if len(chosen) > n:
            cut = heapq.nsmallest(n, map(lengths.__getitem__, chosen))[-1]
            chosen = [i for i in chosen if lengths[i] <= cut]
        form_of = self.form_of
        return sorted(chosen, key=lambda i: (*sample_key(form_of[i]), i))[:n]

    @property
    def compared_entries(self) -> int:
        """Entries that take part in the comparison (duplicates counted each)."""
        return len(self.form_of)

    def by_category(self) -> dict[str, set[Form]]:
        """The forms of each category (categories without forms are absent)."""
        groups: dict[str, set[Form]] = {}
        for form, category in self.forms.items():
            group = groups.get(category)
            if group is None:
                groups[category] = {form}
            else:
                group.add(form)
        return groups


def vocabulary_entries(tok: LoadedTokenizer) -> Mapping[int, str]:
    """Every id of ``tok`` (added tokens included) and its string: the tokenizer's
    :attr:`~tokscope.loading.tokenizer.LoadedTokenizer.vocabulary`, read by id (``get_vocab`` is
    keyed by string, so an added token spelled like a model entry would hide it).
    """
    return tok.vocabulary.entries


def entry_contents(tok: LoadedTokenizer, entries: Mapping[int, str]) -> dict[int, bytes]:
    """:meth:`EntryDecoder.content` of every entry of ``entries``: the vocabulary's per-id table
    (:attr:`~tokscope.loading.vocabulary.Vocabulary.contents`, built once per tokenizer and shared
    with the statistics pass), decoded again only for a string that is not the id's own entry
    (``tests/test_overlap.py`` checks both against ``content``)."""
    vocabulary = tok.vocabulary
    contents, tokens, size = vocabulary.contents, vocabulary.tokens, vocabulary.size
    content = vocabulary.content
    return {
        i: contents[i] if i < size and token == tokens[i] else content(i, token)
        for i, token in entries.items()
    }


def normalise(
    tok: LoadedTokenizer,
    categorizer: Categorizer,
    *,
    include_special: bool = False,
    entries: Mapping[int, str] | None = None,
) -> NormalisedVocab:
    """Map every entry of ``tok`` to the bytes it stands for and categorise the forms.

    ``entries`` (from :func:`vocabulary_entries`) saves reading the vocabulary again.
    """
    entries = vocabulary_entries(tok) if entries is None else entries
    special_ids = tok.special_ids
    decoder = tok.entries
    contents = entry_contents(tok, entries)
    if not include_special:
        for i in special_ids:
            contents.pop(i, None)
    empty = sorted(i for i, content in contents.items() if not content)
    for i in empty:
        del contents[i]
    form_of: dict[int, Form] = dict(contents)
    continuations = False
    if decoder.continuing_prefix:
        for i, content in contents.items():
            if decoder.is_continuation(i, entries[i]):
                form_of[i] = Continuation(content)
                continuations = True
    first: dict[Form, int] = {}
    repeated: dict[Form, list[int]] = {}
    for i, form in form_of.items():
        seen = first.setdefault(form, i)
        if seen != i:
            repeated.setdefault(form, [seen]).append(i)
    added = tok.vocabulary.added_ids
    duplicates = []
    for form in sorted(repeated, key=sample_key):
        ids = tuple(sorted(repeated[form]))
        duplicates.append(
            Duplicate(form, ids, tuple(entries[i] for i in ids), tuple(i in added for i in ids))
        )
    return NormalisedVocab(
        name=tok.name,
        provenance=tok.provenance,
        model_type=type(tok.tokenizer.model).__name__,
        size=tok.tokenizer.get_vocab_size(with_added_tokens=True),
        special=tuple((i, entries[i]) for i in sorted(special_ids) if i in entries),
        include_special=include_special,
        form_of=form_of,
        forms={form: categorizer(form_bytes(form)) for form in first},
        duplicates=tuple(duplicates),
        tokens=entries,
        empty=tuple(empty),
        continuations=continuations,
        unk_id=tok.vocabulary.unk_id,
    )


def special_contents(tok: LoadedTokenizer) -> set[bytes]:
    """The text of every token ``tok`` flags special."""
    vocabulary = tok.vocabulary  # a few ids: asked one by one, not the whole vocabulary read
    found = ((i, vocabulary.token_of(i)) for i in tok.special_ids)
    return {vocabulary.decoder.content(i, token) for i, token in found if token}


def without_forms(vocab: NormalisedVocab, left_out: Set[bytes]) -> NormalisedVocab:
    """``vocab`` without the entries whose form is one of ``left_out`` (the special tokens of
    every compared tokenizer: a string one of them treats as markup is compared on no side).
    The ids left out are recorded in ``special_elsewhere``."""
    gone = sorted(i for i, form in vocab.form_of.items() if form in left_out)
    if not gone:
        return vocab
    form_of = {i: f for i, f in vocab.form_of.items() if f not in left_out}
    return dataclasses.replace(
        vocab,
        form_of=form_of,
        forms={f: c for f, c in vocab.forms.items() if f not in left_out},
        duplicates=tuple(d for d in vocab.duplicates if d.form not in left_out),
        special_elsewhere=tuple(gone),
    )
