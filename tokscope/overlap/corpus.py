"""Vocabularies on a corpus: token ids counted per tokenizer (:func:`count_corpus`), how much of
each vocabulary is used, and corpus-weighted coverage: the share of A's tokens whose form B also
has (:func:`corpus_coverage`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tokscope.corpus.walk import Document, Skipped, SkipReport
from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap.categories import CATEGORIES, SCRIPT_CATEGORIES, script_of
from tokscope.overlap.vocabulary import Form, NormalisedVocab, sample_key

if TYPE_CHECKING:
    from tokscope.stats import Aggregate


@dataclass(frozen=True)
class CorpusCounts:
    """Token ids counted on a corpus, for each tokenizer."""

    documents: int
    """Documents encoded."""
    n_bytes: int
    """Their UTF-8 size."""
    skipped: SkipReport
    """Inputs not analysed, by reason."""
    scripts: tuple[str, ...]
    """Script categories (:data:`SCRIPT_CATEGORIES`) of characters that occur in the corpus."""
    counts: Mapping[str, Mapping[int, int]] = field(repr=False)
    """Per tokenizer name, how often each id occurs (documents encoded without special tokens
    added; special tokens matched in the text are counted)."""


def count_corpus(
    tokenizers: Sequence[LoadedTokenizer],
    items: Iterable[Document | Skipped],
    *,
    batch_size: int = 64,
    advance: Callable[[int, int], None] | None = None,
) -> CorpusCounts:
    """Encode every document with every tokenizer and count the ids.

    ``advance(files, n_bytes)`` is called as documents are done (for a progress bar).
    """
    counters: dict[str, Counter[int]] = {t.name: Counter() for t in tokenizers}
    skipped: list[Skipped] = []
    chars: set[str] = set()
    documents = n_bytes = 0
    batch: list[Document] = []

    def flush() -> None:
        texts = [d.text for d in batch]
        for tok in tokenizers:
            counter = counters[tok.name]
            for encoding in tok.tokenizer.encode_batch(texts, add_special_tokens=False):
                counter.update(encoding.ids)
        if advance is not None:
            advance(len(batch), sum(d.n_bytes for d in batch))
        batch.clear()

    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        documents += 1
        n_bytes += item.n_bytes
        if not item.text.isascii():
            chars.update(item.text)
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    scripts = {s for s in map(script_of, chars) if s is not None}
    return CorpusCounts(
        documents=documents,
        n_bytes=n_bytes,
        skipped=SkipReport.of(skipped),
        scripts=tuple(c for c in SCRIPT_CATEGORIES if c in scripts),
        counts={name: dict(counter) for name, counter in counters.items()},
    )


def counts_of(
    aggregate: Aggregate, scripts: Iterable[str], *, names: Sequence[str] | None = None
) -> CorpusCounts:
    """The corpus counts of a stats pass: its id histograms, summed over languages (the same
    numbers :func:`count_corpus` gives, without encoding the corpus again).

    ``scripts`` are the script categories the pass saw; ``names`` picks tokenizers of the pass
    (default: all).
    """
    from tokscope.stats import DOC

    wanted = set(names) if names is not None else None
    counts: dict[str, dict[int, int]] = {}
    for k, info in enumerate(aggregate.tokenizers):
        if wanted is not None and info.name not in wanted:
            continue
        hists = [h[k] for _, h in sorted(aggregate.histograms.items())]
        if hists:
            total = sum(hists[1:], hists[0].copy())
            ids = total.nonzero()[0]
            counts[info.name] = dict(zip(ids.tolist(), total[ids].tolist()))
        else:
            counts[info.name] = {}
    seen = set(scripts)
    docs = aggregate.docs.values()
    return CorpusCounts(
        documents=sum(int(d[DOC.at("docs")]) for d in docs),
        n_bytes=sum(int(d[DOC.at("bytes")]) for d in docs),
        skipped=aggregate.skipped,
        scripts=tuple(c for c in SCRIPT_CATEGORIES if c in seen),
        counts=counts,
    )


@dataclass(frozen=True)
class CorpusUse:
    """How one tokenizer's vocabulary is used on the corpus."""

    name: str
    """The tokenizer."""
    tokens: int
    """Tokens counted: every token but the special ones matched in the text (those too when
    special tokens are included); unknown tokens are counted."""
    special_tokens: int
    """Occurrences of special tokens matched in the text (``<|endoftext|>`` written in a file),
    unknown tokens not among them; left out of ``tokens`` unless special tokens are included."""
    used_entries: int
    """Distinct ids that occur at least once."""
    unknown_tokens: int = 0
    """Occurrences of the unknown token: text the tokenizer could not represent. They are in
    ``tokens`` and never covered by another vocabulary."""


def corpus_use(vocab: NormalisedVocab, counts: Mapping[int, int]) -> CorpusUse:
    """How much of ``vocab`` a corpus used, from its token counts by id."""
    special = {i for i, _ in vocab.special} - {vocab.unk_id}
    special_tokens = sum(n for i, n in counts.items() if i in special)
    total = sum(counts.values())
    return CorpusUse(
        name=vocab.name,
        tokens=total if vocab.include_special else total - special_tokens,
        special_tokens=special_tokens,
        used_entries=sum(1 for n in counts.values() if n),
        unknown_tokens=counts.get(vocab.unk_id, 0) if vocab.unk_id is not None else 0,
    )


@dataclass(frozen=True)
class CategoryWeight:
    """Corpus tokens of one category and how many of them the other vocabulary has."""

    category: str
    """A key of :data:`CATEGORIES`."""
    tokens: int
    """A's tokens of this category on the corpus."""
    covered: int
    """Those whose form B also has."""


@dataclass(frozen=True)
class MissingForm:
    """A form A uses on the corpus that B does not have."""

    form: Form
    """What the tokens stand for."""
    count: int
    """How many of A's tokens on the corpus stand for it."""
    share: float
    """``count`` over all of A's tokens on the corpus."""


@dataclass(frozen=True)
class CorpusCoverage:
    """Corpus-weighted coverage of A by B: the share of A's tokens whose form B has."""

    tokenizer: str
    """A, whose tokens are counted."""
    against: str
    """B, whose vocabulary is looked up."""
    tokens: int
    """A's tokens on the corpus: unknown tokens counted (never covered), special tokens matched
    in the text left out unless included."""
    covered: int
    """Those whose form is also an entry of B."""
    by_category: tuple[CategoryWeight, ...]
    """The same, per category (categories A used)."""
    missing: tuple[MissingForm, ...]
    """A's most frequent forms that B lacks, most frequent first."""
    unknown: int = 0
    """A's unknown tokens among ``tokens`` (never covered)."""

    @property
    def share(self) -> float | None:
        """``covered / tokens`` (None without tokens)."""
        return self.covered / self.tokens if self.tokens else None


def corpus_coverage(
    a: NormalisedVocab, b: NormalisedVocab, counts: Mapping[int, int], *, top: int = 10
) -> CorpusCoverage:
    """The share of A's corpus tokens whose form is an entry of B, and A's most frequent forms
    that B lacks. ``counts`` are A's id counts on the corpus."""
    index = a.form_of
    tokens = covered = 0
    per_category: dict[str, list[int]] = {}
    missing: Counter[Form] = Counter()
    for i, n in counts.items():
        if i == a.unk_id and i not in index:  # text A could not represent: B cannot cover it
            tokens += n
            continue
        form = index.get(i)
        if form is None:  # a special token (left out) or an entry standing for nothing
            continue
        tokens += n
        weights = per_category.setdefault(a.forms[form], [0, 0])
        weights[0] += n
        if form in b.forms:
            covered += n
            weights[1] += n
        else:
            missing[form] += n
    ranked = sorted(missing.items(), key=lambda kv: (-kv[1], sample_key(kv[0])))[:top]
    return CorpusCoverage(
        tokenizer=a.name,
        against=b.name,
        tokens=tokens,
        covered=covered,
        by_category=tuple(
            CategoryWeight(c, *per_category[c]) for c in CATEGORIES if c in per_category
        ),
        missing=tuple(MissingForm(f, n, n / tokens) for f, n in ranked),
        unknown=counts.get(a.unk_id, 0) if a.unk_id is not None and a.unk_id not in index else 0,
    )
