"""Run every property under hypothesis, as ``tokscope check`` does, and collect the results.

For each tokenizer and property, hypothesis searches the property's strategy for an input that
breaks it and shrinks what it finds to the smallest such input. Each search draws from its own
random stream, derived from the seed and the property id, so the same seed replays the same run
(and every tokenizer is tried on the same inputs). A property may be *expected* to fail for a
tokenizer (XLM-R loses whitespace by design): its failure is then reported as expected.

>>> report = run_checks([load("xlm-roberta")], seed=1,  # doctest: +SKIP
...                     expect=parse_expectations("roundtrip"))
>>> report.ok  # doctest: +SKIP
False
"""

from __future__ import annotations

import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from tokscope.errors import TokscopeError
from tokscope.loading.sources import LoadedTokenizer, Provenance, canonical_alias
from tokscope.testing.pinned import PINNED, PINNED_BLOCKS
from tokscope.testing.profiles import PROFILES
from tokscope.testing.properties import (
    PROPERTIES,
    PROPERTY_IDS,
    Property,
    PropertyFailure,
    Split,
    get_property,
    split_of,
)

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "CheckReport",
    "Counterexample",
    "Expectation",
    "PropertyResult",
    "Status",
    "TokenizerReport",
    "check_strategies",
    "new_seed",
    "parse_expectations",
    "run_checks",
]


class Status(str, Enum):
    """The outcome of one property for one tokenizer."""

    PASSED = "passed"
    """No counterexample found."""
    FAILED = "failed"
    """A counterexample, and the failure was not expected."""
    XFAIL = "xfail"
    """A counterexample, and the failure was expected."""
    XPASS = "xpass"
    """The failure was expected, but no counterexample was found."""


@dataclass(frozen=True)
class Counterexample:
    """The smallest input hypothesis found that breaks a property."""

    text: str
    """The input."""
    reason: str
    """One line: what went wrong."""
    splits: tuple[Split, ...]
    """The texts involved, as the tokenizer split them (the input first)."""
    pinned: bool = False
    """Found among the known troublemakers (:data:`PINNED`), not by hypothesis's search."""


@dataclass(frozen=True)
class PropertyResult:
    """One property, checked on one tokenizer."""

    property: str
    """The property id."""
    summary: str
    """What holds when the property holds."""
    status: Status
    """Passed, failed, expected failure, or expected failure that did not happen."""
    counterexample: Counterexample | None
    """The shrunk failing input, when one was found."""
    seconds: float
    """Time spent, shrinking included (not part of the JSON, which must be reproducible)."""


@dataclass(frozen=True)
class TokenizerReport:
    """Every property, checked on one tokenizer."""

    name: str
    """The tokenizer's name."""
    provenance: Provenance
    """Where it came from."""
    results: tuple[PropertyResult, ...]
    """One result per property, in :data:`~tokscope.testing.properties.PROPERTIES` order."""

    def count(self, status: Status) -> int:
        """How many properties ended with ``status``."""
        return sum(1 for r in self.results if r.status is status)


@dataclass(frozen=True)
class CheckReport:
    """The outcome of a ``tokscope check`` run."""

    seed: int
    """The seed every search derived its random stream from; ``--seed`` replays it."""
    profile: str
    """``quick`` or ``thorough``."""
    max_examples: int
    """Examples tried per property and tokenizer before shrinking."""
    expectations: tuple[str, ...]
    """The expectations as given (``roundtrip``, ``xlm-roberta:runs-distinct``...)."""
    tokenizers: tuple[TokenizerReport, ...]
    """One report per tokenizer, in the order given."""

    @property
    def ok(self) -> bool:
        """No unexpected failure."""
        return all(t.count(Status.FAILED) == 0 for t in self.tokenizers)

    @property
    def stale(self) -> tuple[str, ...]:
        """The expected failures that did not happen, as ``TOKENIZER:PROPERTY``: the
        expectations to drop from ``--expect``."""
        return tuple(
            f"{t.name}:{r.property}"
            for t in self.tokenizers
            for r in t.results
            if r.status is Status.XPASS
        )


@dataclass(frozen=True)
class Expectation:
    """A property declared to fail, for every tokenizer or for one."""

    property: str
    """The property id."""
    tokenizer: str | None = None
    """The tokenizer it applies to (name, spec or alias), or None for all."""

    def applies_to(self, tok: LoadedTokenizer) -> bool:
        """Whether this expectation covers ``tok``."""
        if self.tokenizer is None:
            return True
        names = {tok.name, tok.provenance.spec}
        return self.tokenizer in names or (
            canonical_alias(self.tokenizer) is not None and canonical_alias(self.tokenizer) in names
        )

    def __str__(self) -> str:
        return self.property if self.tokenizer is None else f"{self.tokenizer}:{self.property}"


def parse_expectations(text: str) -> tuple[Expectation, ...]:
    """``PROPERTY[,PROPERTY...]`` (for every tokenizer) or ``TOKENIZER:PROPERTY[,PROPERTY...]``.

    >>> [str(e) for e in parse_expectations("xlm-roberta:roundtrip,no-drop")]
    ['xlm-roberta:roundtrip', 'xlm-roberta:no-drop']
    """
    tokenizer, sep, names = text.strip().rpartition(":")
    if sep and not tokenizer.strip():
        raise TokscopeError(f"--expect {text!r}: name the tokenizer before ':', or leave out ':'")
    found = []
    for name in names.split(","):
        prop = name.strip()
        if prop not in PROPERTY_IDS:
            raise TokscopeError(
                f"--expect {text!r}: {prop!r} is not a property; write PROPERTY or "
                f"TOKENIZER:PROPERTY (commas between several), PROPERTY one of "
                f"{', '.join(PROPERTY_IDS)}"
            )
        found.append(Expectation(prop, tokenizer.strip() or None))
    return tuple(found)


def new_seed() -> int:
    """A fresh seed for a run that was not given one."""
    return random.SystemRandom().randrange(2**32)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def check_strategies() -> dict[str, SearchStrategy[str]]:
    """The inputs ``tokscope check`` tries each property on, by property id.

    All are source text in NFC, the form editors save it in (a tokenizer that normalises to NFC,
    as ModernBERT does, changes decomposed text such as ``e`` + U+0301; test that on purpose with
    :func:`~tokscope.testing.strategies.unicode_edge_cases`).
    """
    from hypothesis import strategies as st

    from tokscope.testing import strategies as s

    text = s.code_text(normalize="NFC")
    blocks = st.one_of(
        s.indented_blocks(kind="spaces", width=4),
        s.indented_blocks(kind="spaces", width=2),
        s.indented_blocks(kind="tabs"),
    ).map(_nfc)
    lines = st.one_of(s.code_lines(), s.line_endings(), blocks).map(_nfc)
    runs = st.one_of(s.runs_in_context(kinds=("space", "tab", "newline", "cr", "nbsp")), text).map(
        _nfc
    )
    identifiers = st.one_of(s.identifiers(), s.code_lines(), blocks).map(_nfc)
    chosen: dict[str, SearchStrategy[str]] = {
        "runs-distinct": runs,
        "indent-stable": blocks,
        "run-length-stable": identifiers,
        "leading-space": lines,
    }
    return {p.id: chosen.get(p.id, text) for p in PROPERTIES}


def _fails(prop: Property, tok: LoadedTokenizer) -> Callable[[str], bool]:
    def fails(text: str) -> bool:
        try:
            prop.check(tok, text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a failure, or a crash (tokenizers panics are BaseExceptions)
            return True
        return False

    return fails


def _counterexample(
    prop: Property, tok: LoadedTokenizer, text: str, *, pinned: bool
) -> Counterexample:
    try:
        prop.check(tok, text)
    except PropertyFailure as failure:
        return Counterexample(text, failure.reason, failure.splits, pinned)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        message = str(exc).strip()
        reason = f"raised {type(exc).__name__}" + (
            f": {message.splitlines()[0]}" if message else ""
        )
        try:
            splits: tuple[Split, ...] = (split_of(tok, text),)
        except BaseException:  # the tokenizer cannot even encode it
            splits = ()
        return Counterexample(text, reason, splits, pinned)
    return Counterexample(
        text,
        "failed once but passed when run again: the tokenizer is not deterministic",
        (),
        pinned,
    )


def search(
    prop: Property,
    tok: LoadedTokenizer,
    strategy: SearchStrategy[str],
    *,
    max_examples: int,
    seed: int,
    pinned: Sequence[str] = PINNED,
) -> Counterexample | None:
    """Search ``strategy`` for an input that breaks ``prop`` on ``tok``, shrunk; None if none.

    The search is reproducible: its random stream comes from ``seed`` and the property id. When
    it finds nothing, the ``pinned`` inputs are tried, shortest first.
    """
    from hypothesis import HealthCheck, Phase, Verbosity, find, settings
    from hypothesis.errors import NoSuchExample

    options = settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    stream = random.Random(f"tokscope-check:{seed}:{prop.id}")
    fails = _fails(prop, tok)
    try:
        found = find(strategy, fails, settings=options, random=stream)
    except NoSuchExample:
        fallback = next((text for text in sorted(pinned, key=len) if fails(text)), None)
        if fallback is None:
            return None
        return _counterexample(prop, tok, fallback, pinned=True)
    return _counterexample(prop, tok, found, pinned=False)


def run_checks(
    tokenizers: Sequence[LoadedTokenizer],
    *,
    seed: int,
    profile: str = "quick",
    properties: Iterable[str] | None = None,
    expect: Sequence[Expectation] = (),
    max_examples: int | None = None,
    strategies: dict[str, SearchStrategy[str]] | None = None,
    on_result: Callable[[str, PropertyResult], None] | None = None,
) -> CheckReport:
    """Check ``properties`` (default: all) on each tokenizer; see the module docstring.

    ``max_examples`` overrides the profile's count. ``strategies`` replaces the inputs of some
    properties (default: :func:`check_strategies`). ``on_result`` is called after each property,
    with the tokenizer's name, for progress reports.
    """
    if profile not in PROFILES:
        raise TokscopeError(f"unknown profile {profile!r}: choose {' or '.join(PROFILES)}")
    try:
        import hypothesis  # noqa: F401
    except ImportError:
        raise TokscopeError(
            "tokscope check needs hypothesis: pip install 'tokscope[test]'"
        ) from None
    chosen = [get_property(p) for p in properties] if properties is not None else list(PROPERTIES)
    examples = max_examples if max_examples is not None else PROFILES[profile]
    inputs = {**check_strategies(), **(strategies or {})}
    reports = []
    for tok in tokenizers:
        results = []
        for prop in chosen:
            expected = any(e.property == prop.id and e.applies_to(tok) for e in expect)
            started = time.perf_counter()
            pinned = PINNED_BLOCKS if prop.id == "indent-stable" else PINNED
            found = search(
                prop, tok, inputs[prop.id], max_examples=examples, seed=seed, pinned=pinned
            )
            if found is None:
                status = Status.XPASS if expected else Status.PASSED
            else:
                status = Status.XFAIL if expected else Status.FAILED
            result = PropertyResult(
                prop.id, prop.summary, status, found, time.perf_counter() - started
            )
            results.append(result)
            if on_result is not None:
                on_result(tok.name, result)
        reports.append(TokenizerReport(tok.name, tok.provenance, tuple(results)))
    return CheckReport(
        seed=seed,
        profile=profile,
        max_examples=examples,
        expectations=tuple(str(e) for e in expect),
        tokenizers=tuple(reports),
    )
