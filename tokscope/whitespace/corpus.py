"""The corpus report (:func:`corpus_report`): indentation and whitespace-run histograms, and per
tokenizer and language the whitespace cost, whitespace lost and the share of identifier
occurrences whose id depends on the whitespace before them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from tokscope.corpus.documents import DEFAULT_MAX_SOLID_RUN
from tokscope.corpus.walk import Document, Skipped, SkipReport
from tokscope.loading.sources import LoadedTokenizer, Provenance
from tokscope.measures import whitespace_cost, whitespace_lost_share
from tokscope.whitespace.counting import Forms, dependence, dependent_occurrences

if TYPE_CHECKING:
    from tokscope.stats.aggregate import Aggregate
    from tokscope.stats.engine.loop import Extras


@dataclass(frozen=True)
class IndentCount:
    """Lines of a corpus with one indentation."""

    tabs: int
    """Leading tabs."""
    spaces: int
    """Leading spaces after the tabs."""
    other: bool
    """The indentation is not tabs followed by spaces (spaces before a tab, or another mix);
    ``tabs`` and ``spaces`` then count all of each."""
    lines: int
    """Non-blank lines with this indentation."""

    @property
    def label(self) -> str:
        """``4 spaces``, ``2 tabs``, ``1 tab + 2 spaces``, ``mixed (2 tabs, 3 spaces)``."""
        if self.other:
            return f"mixed ({self.tabs} tabs, {self.spaces} spaces)"
        if not self.tabs and not self.spaces:
            return "none"
        parts = []
        if self.tabs:
            parts.append(f"{self.tabs} tab{'s' if self.tabs != 1 else ''}")
        if self.spaces:
            parts.append(f"{self.spaces} space{'s' if self.spaces != 1 else ''}")
        return " + ".join(parts)


@dataclass(frozen=True)
class RunCount:
    """Whitespace runs of one kind, position and length in a corpus."""

    kind: str
    """``spaces``, ``tabs``, ``tab+spaces``, ``mixed`` (horizontal) or ``newlines``, ``crlf``,
    ``mixed-breaks`` (line breaks)."""
    position: str
    """``indent`` (line start, text follows), ``inline`` (between text on a line), ``trailing``
    (before a line break or the end, whitespace-only lines included) or ``line-break``."""
    length: int
    """Characters in the run; for line breaks, line breaks (a CRLF counts once)."""
    count: int
    """Runs seen."""


@dataclass(frozen=True)
class CostRow:
    """Whitespace cost and whitespace lost of one tokenizer on the documents of one language
    (mergeable); the measures are those of :mod:`tokscope.measures`."""

    tokenizer: str
    """Tokenizer name."""
    language: str
    """Language, or ``all``."""
    files: int = 0
    """Documents."""
    bytes: int = 0
    """UTF-8 bytes of the documents."""
    whitespace_bytes: int = 0
    """Bytes that are whitespace (:data:`tokscope.text.WHITESPACE`)."""
    tokens: int = 0
    """Tokens (no special tokens)."""
    whitespace_tokens: int = 0
    """Tokens that stand for whitespace only (``Ġ``, ``Ċ``, a raw space run, a lone ``▁``)."""
    dropped_bytes: int = 0
    """Source bytes no token covers."""
    whitespace_lost_bytes: int = 0
    """Bytes of source whitespace that no token covers or that decode does not restore
    (:func:`tokscope.measures.whitespace_lost_bytes`)."""
    round_trip_files: int = 0
    """Documents with ``decode(encode(text)) == text``."""
    identifier_occurrences: int = 0
    """Identifier occurrences right after whitespace (see :func:`identifier_forms`)."""
    dependent_occurrences: int = 0
    """Of those, occurrences whose identifier gets another first-token id elsewhere in the
    corpus after different whitespace (see :func:`corpus_report`)."""

    def merge(self, other: CostRow, *, language: str | None = None) -> CostRow:
        """Counts of both rows added up (the result does not depend on the order)."""
        counts = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in fields(self)
            if f.name not in ("tokenizer", "language")
        }
        return CostRow(self.tokenizer, language or self.language, **counts)

    @property
    def whitespace_cost(self) -> float | None:
        """Whitespace tokens / all tokens (None without tokens)."""
        return whitespace_cost(self.whitespace_tokens, self.tokens)

    @property
    def whitespace_lost_share(self) -> float | None:
        """Whitespace lost bytes / whitespace bytes of the source (None without whitespace)."""
        return whitespace_lost_share(self.whitespace_lost_bytes, self.whitespace_bytes)

    @property
    def round_trip_share(self) -> float:
        """Documents that round-trip / documents."""
        return self.round_trip_files / self.files if self.files else 0.0

    @property
    def dependent_share(self) -> float:
        """Dependent identifier occurrences / identifier occurrences after whitespace."""
        return (
            self.dependent_occurrences / self.identifier_occurrences
            if self.identifier_occurrences
            else 0.0
        )


@dataclass(frozen=True)
class IdentifierExample:
    """An identifier of the corpus whose first token depends on the whitespace before it."""

    tokenizer: str
    """Tokenizer name."""
    language: str
    """Language of the occurrences."""
    identifier: str
    """The identifier."""
    variants: tuple[tuple[str, int, str], ...]
    """``(first token, occurrences, most frequent whitespace before it)``, most frequent first."""
    dependent: int
    """Occurrences counted as dependent."""


@dataclass(frozen=True)
class CorpusReport:
    """The ``tokscope whitespace --corpus`` report."""

    tokenizers: tuple[tuple[str, Provenance], ...]
    """Names and provenance, in the order given."""
    documents: int
    """Documents analysed."""
    bytes: int
    """Their UTF-8 bytes."""
    languages: tuple[tuple[str, int], ...]
    """``(language, documents)`` sorted by language."""
    indentation: tuple[IndentCount, ...]
    """Indentation histogram, by tabs then spaces."""
    runs: tuple[RunCount, ...]
    """Whitespace-run histogram, by kind, position, length."""
    rows: tuple[CostRow, ...]
    """Per tokenizer: one row per language, then ``all``."""
    examples: tuple[IdentifierExample, ...]
    """Per tokenizer, the identifiers with the most dependent occurrences."""
    skipped: SkipReport
    """Inputs not analysed, by reason."""


EXAMPLES_PER_TOKENIZER = 5
"""Identifiers shown per tokenizer in the corpus report."""


def corpus_report(
    documents: Iterable[Document | Skipped],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    skipped: SkipReport | None = None,
    max_solid_run: int = DEFAULT_MAX_SOLID_RUN,
) -> CorpusReport:
    """The report of ``documents`` (skipped inputs among them counted), measured in this process
    by the statistics pass (:func:`~tokscope.stats.engine.loop.measure_all`); ``skipped`` adds
    inputs skipped before. ``tokscope whitespace --corpus`` runs the same pass on any engine,
    through the cache, and builds the report with :func:`report_of_pass`.

    Documents with a run of more than ``max_solid_run`` characters without whitespace are
    skipped as ``too-costly``, documents a tokenizer fails on as ``tokenizer-error``."""
    from tokscope.stats.engine.local import BATCH_BYTES
    from tokscope.stats.engine.loop import Collect, measure_all
    from tokscope.stats.prepared import Prepared

    part = measure_all(
        documents,
        [Prepared(t) for t in tokenizers],
        lex=True,
        collect=Collect(whitespace=True),
        batch_bytes=BATCH_BYTES,
        max_solid_run=max_solid_run,
    )
    if skipped is not None:
        part.aggregate.skipped = part.aggregate.skipped.merge(skipped)
    return report_of_pass(part.aggregate, part.extras)


def report_of_pass(aggregate: Aggregate, extras: Extras) -> CorpusReport:
    """The report from a statistics pass with lexical classes on (the identifier forms are
    counted only then) that collected ``Collect(whitespace=True)``.

    Per tokenizer and language, the counts are the pass's (:mod:`tokscope.stats.measure`: the
    same measures as ``stats``, so both commands give the same whitespace lost). An identifier
    occurrence (after whitespace) is *dependent* when the same identifier, in the same
    language, gets a different first token somewhere else in the corpus after different
    whitespace: ``return`` after an indentation token and ``Ġreturn`` after one space.
    """
    from tokscope.stats.layout import DOC, TOK

    languages = {name: int(docs[DOC.at("docs")]) for name, docs in aggregate.docs.items()}
    out_rows: list[CostRow] = []
    examples: list[IdentifierExample] = []
    for k, info in enumerate(aggregate.tokenizers):
        total = CostRow(info.name, "all")
        candidates: list[IdentifierExample] = []
        for language in sorted(languages):
            docs = aggregate.docs[language]
            counts = aggregate.counts[language][k]
            occurrences = aggregate.forms.get(language, [{}] * len(aggregate.tokenizers))[k]
            n_occ, dependent = dependence(occurrences)
            for word, word_forms in occurrences.items():
                d = dependent_occurrences(word_forms)
                if d:
                    candidates.append(_example(info.name, language, word, word_forms, d))
            row = CostRow(
                info.name,
                language,
                files=int(docs[DOC.at("docs")]),
                bytes=int(docs[DOC.at("bytes")]),
                whitespace_bytes=int(docs[DOC.at("ws_bytes")]),
                tokens=int(counts[TOK.at("tokens")]),
                whitespace_tokens=int(counts[TOK.at("ws_tokens")]),
                dropped_bytes=int(counts[TOK.at("dropped_bytes")]),
                whitespace_lost_bytes=int(counts[TOK.at("ws_lost_bytes")]),
                round_trip_files=int(counts[TOK.at("round_trip")]),
                identifier_occurrences=n_occ,
                dependent_occurrences=dependent,
            )
            out_rows.append(row)
            total = total.merge(row, language="all")
        out_rows.append(total)
        candidates.sort(key=lambda e: (-e.dependent, e.language, e.identifier))
        examples.extend(candidates[:EXAMPLES_PER_TOKENIZER])
    return CorpusReport(
        tokenizers=tuple((t.name, t.provenance) for t in aggregate.tokenizers),
        documents=sum(languages.values()),
        bytes=sum(int(d[DOC.at("bytes")]) for d in aggregate.docs.values()),
        languages=tuple(sorted(languages.items())),
        indentation=tuple(
            IndentCount(t, s, o, n)
            for (t, s, o), n in sorted(extras.indentation.items(), key=_indent_key)
        ),
        runs=tuple(
            RunCount(k, p, length, n)
            for (k, p, length), n in sorted(extras.runs.items(), key=_run_key)
        ),
        rows=tuple(out_rows),
        examples=tuple(examples),
        skipped=aggregate.skipped,
    )


def _example(
    tokenizer: str, language: str, word: str, forms: Forms, dependent: int
) -> IdentifierExample:
    variants = []
    for (_, token), by_ws in forms.items():
        ws, _ = min(by_ws.items(), key=lambda item: (-item[1], item[0]))
        variants.append((token, sum(by_ws.values()), ws))
    variants.sort(key=lambda v: (-v[1], v[0]))
    return IdentifierExample(tokenizer, language, word, tuple(variants), dependent)


def _indent_key(item: tuple[tuple[int, int, bool], int]) -> tuple[bool, int, int]:
    (tabs, spaces, other), _ = item
    return (other, tabs, spaces)


_KIND_ORDER = {
    k: i for i, k in enumerate(("spaces", "tabs", "tab+spaces", "mixed", "newlines", "crlf"))
}
_POSITION_ORDER = {p: i for i, p in enumerate(("indent", "inline", "trailing", "line-break"))}


def _run_key(item: tuple[tuple[str, str, int], int]) -> tuple[int, int, int]:
    (kind, position, length), _ = item
    return (_KIND_ORDER.get(kind, 99), _POSITION_ORDER.get(position, 99), length)
