"""The dataclasses of the ``stats`` report: metrics per tokenizer, overall and per language, and
the examples. Computed by :func:`tokscope.stats.report.finalize`; definitions:
``docs/metrics.md``."""

from __future__ import annotations

from dataclasses import dataclass

from tokscope.corpus.walk import SkipReport
from tokscope.stats.aggregate import RoundTripExample, TokenizerInfo
from tokscope.stats.worst import WorstFile


@dataclass(frozen=True)
class UnitMetrics:
    """How a tokenizer covers one kind of unit (words, indentation runs, a lexical class)."""

    units: int
    """Units in the corpus."""
    bytes: int
    """Their total size in bytes."""
    tokens: int
    """Σ n_u: tokens overlapping each unit, summed over units (a token spanning two units counts
    for both)."""
    fertility: float | None
    """tokens / units."""
    pcw: float | None
    """Proportion of continued units: share of units covered by two tokens or more."""
    continuation_share: float | None
    """Σ(n_u − 1) / Σ n_u over units with at least one token."""
    uncovered: int
    """Units no token overlaps (their text was dropped)."""
    damaged: int
    """Units with a byte no token covers or that its token does not stand for (dropped or
    rewritten: :mod:`tokscope.stats.damage`); a unit folded into the next word's ``▁`` is one."""
    damaged_share: float | None
    """damaged / units."""


@dataclass(frozen=True)
class Alignment:
    """Identifier sub-word boundaries of one kind and how many a token boundary falls on."""

    kind: str
    """``snake_case``, ``camelCase`` or ``dunder``."""
    boundaries: int
    """Sub-word boundaries found in identifiers."""
    aligned: int
    """Those that coincide with a token boundary."""
    rate: float | None
    """aligned / boundaries."""
    split_boundaries: int
    """Boundaries in identifier occurrences split into two tokens or more."""
    split_aligned: int
    """Those that coincide with a token boundary."""
    recall: float | None
    """split_aligned / split_boundaries: sub-word boundaries of split identifiers that are token
    boundaries (identifiers kept whole are counted apart, in :attr:`whole_boundaries`)."""
    whole_boundaries: int
    """Boundaries in identifier occurrences kept as one token."""


@dataclass(frozen=True)
class Metrics:
    """Every metric of one tokenizer over a slice of the corpus (all of it, or one language)."""

    files: int
    """Documents in the slice."""
    tokens: int
    """Tokens, without the post-processor's special tokens."""
    bytes_per_token: float | None
    """UTF-8 bytes / tokens."""
    chars_per_token: float | None
    """Characters / tokens."""
    nsl: float | None
    """Normalised sequence length: tokens / tokens of the reference tokenizer."""
    lossless: bool
    """No source whitespace lost (:attr:`whitespace_lost_bytes` is 0): the compression figures
    count only text the tokenizer keeps."""
    preserved_bytes: int
    """Source bytes minus :attr:`whitespace_lost_bytes`: the text the tokens keep."""
    preserved_bytes_per_token: float | None
    """preserved_bytes / tokens (equal to bytes_per_token when lossless)."""
    preserved_chars_per_token: float | None
    """(characters − whitespace lost bytes) / tokens: whitespace is ASCII, one byte a
    character."""
    preserved_nsl: float | None
    """NSL over preserved bytes: (tokens / preserved bytes) / (the reference's tokens / its
    preserved bytes)."""
    words: UnitMetrics
    """Whitespace-separated words."""
    boundary_crossing_rate: float | None
    """Share of tokens that cross a lexeme boundary or a line break."""
    renyi_efficiency: float | None
    """H_2.5(p) / log |V| of the token-id distribution."""
    whitespace_cost: float | None
    """Whitespace tokens / tokens (:func:`tokscope.measures.whitespace_cost`)."""
    whitespace_bytes: int
    """Whitespace bytes in the source (:data:`tokscope.text.WHITESPACE`)."""
    whitespace_lost_bytes: int
    """Bytes of source whitespace that no token covers or that decode does not restore
    (:func:`tokscope.measures.whitespace_lost_bytes`)."""
    whitespace_lost_share: float | None
    """whitespace_lost_bytes / whitespace_bytes."""
    dropped_bytes: int
    """Source bytes no token covers."""
    round_trip: int
    """Files with decode(encode(text)) == text."""
    round_trip_fidelity: float | None
    """round_trip / files."""
    context_fit: tuple[tuple[int, float | None], ...]
    """(context length, share of files whose tokens, special tokens included, fit)."""
    unk_rate: float | None
    """Unknown-token occurrences / tokens."""
    indentation: UnitMetrics
    """Runs of spaces and tabs that start a line."""
    classes: tuple[tuple[str, UnitMetrics], ...]
    """Per lexical class (empty with ``--no-lex``)."""
    alignment: tuple[Alignment, ...]
    """Identifier boundary alignment per kind (empty with ``--no-lex``)."""
    bounded_identifiers: int
    """Identifier occurrences with at least one sub-word boundary (0 with ``--no-lex``)."""
    whole_identifiers: int
    """Those kept as a single token."""
    identifier_token_starts: int
    """Token starts inside identifiers (after their first byte)."""
    identifier_starts_on_subword: int
    """Those on a sub-word boundary."""
    identifier_precision: float | None
    """identifier_starts_on_subword / identifier_token_starts: token boundaries inside an
    identifier that fall on a sub-word boundary."""
    identifiers_after_whitespace: int
    """Identifier occurrences right after whitespace or at the start of a file
    (:func:`tokscope.whitespace.counting.identifier_forms`, as ``whitespace --corpus``)."""
    context_dependent: int
    """Those whose identifier, in the same language, gets another first token elsewhere after
    different whitespace (:func:`tokscope.whitespace.counting.dependent_occurrences`)."""
    context_dependent_share: float | None
    """context_dependent / identifiers_after_whitespace."""


@dataclass(frozen=True)
class TokenText:
    """How a vocabulary entry is written and the text it stands for."""

    id: int
    """Vocabulary id."""
    token: str
    """The entry as the tokenizer writes it (``Ġx``, ``▁x``)."""
    text: str
    """The source text it stands for (bytes that are part of a character as ``\\xNN``)."""


@dataclass(frozen=True)
class FragmentedIdentifier:
    """A frequent identifier that a tokenizer splits into many tokens."""

    name: str
    """The identifier."""
    occurrences: int
    """How often it occurs in the corpus."""
    tokens_per_occurrence: float
    """Mean tokens per occurrence, in context."""
    split: tuple[TokenText, ...]
    """The tokens of its first occurrence (first file by name)."""


@dataclass(frozen=True)
class CrossingToken:
    """A token that often crosses a lexeme boundary."""

    token: TokenText
    """The entry."""
    count: int
    """Boundary-crossing occurrences."""


@dataclass(frozen=True)
class TokenizerReport:
    """Everything measured for one tokenizer."""

    info: TokenizerInfo
    """Name, provenance, vocabulary size."""
    overall: Metrics
    """Over the whole corpus."""
    languages: tuple[tuple[str, Metrics], ...]
    """Per language, sorted by name."""
    fragmented: tuple[FragmentedIdentifier, ...]
    """The most fragmented of the frequent identifiers."""
    crossing: tuple[CrossingToken, ...]
    """The most common boundary-crossing tokens."""
    round_trip_examples: tuple[RoundTripExample, ...]
    """Round-trip failures of the first files by name."""
    most_tokens_per_byte: tuple[WorstFile, ...] = ()
    """The files with the most tokens per byte, worst first (ties: file name)."""
    most_bytes_lost: tuple[WorstFile, ...] = ()
    """The files whose round trip loses the most bytes, worst first (ties: file name)."""


@dataclass(frozen=True)
class LanguageSummary:
    """How much of the corpus is in one language."""

    name: str
    """Pygments' name for it (``unknown`` when no lexer matched)."""
    files: int
    """Documents."""
    bytes: int
    """UTF-8 bytes."""


@dataclass(frozen=True)
class StatsReport:
    """The result of ``tokscope stats``."""

    files: int
    """Documents analysed."""
    bytes: int
    """Their UTF-8 size."""
    chars: int
    """Their characters."""
    languages: tuple[LanguageSummary, ...]
    """Per language, sorted by name."""
    skipped: SkipReport
    """Inputs not analysed, by reason."""
    reference: str
    """Name of the tokenizer NSL is relative to."""
    lex: bool
    """Whether lexical classes were computed."""
    tokenizers: tuple[TokenizerReport, ...]
    """One report per tokenizer, in the order given."""
    fingerprint: str = ""
    """The documents' content fingerprint (:func:`~tokscope.stats.aggregate.fingerprint_hex`)."""
