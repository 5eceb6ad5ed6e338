"""Facts about one tokenizer: its pipeline, vocabulary, whitespace entries and parameter cost."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tokscope.errors import TokscopeError
from tokscope.loading.sources import (
    LoadedTokenizer,
    Provenance,
    StoredSetting,
    component_state,
)
from tokscope.measures import is_whitespace_entry


@dataclass(frozen=True)
class RunFacts:
    """How a tokenizer stores runs of one whitespace character."""

    longest_entry: int
    """Longest vocabulary entry made only of this character (0 when there is none)."""
    longest_token_in_text: int
    """Longest piece of a run held by one token of its own, when runs of every length up to
    ``longest_entry`` + 1 are encoded between two words (``x``, run, ``y``); 0 when the runs never
    form tokens of their own. Smaller than ``longest_entry`` when pre-tokenization or added
    tokens keep the longer entries out of reach."""


@dataclass(frozen=True)
class WhitespaceEntries:
    """Whitespace in a vocabulary, by what the entries stand for (special tokens excluded)."""

    spaces: RunFacts
    """Runs of spaces."""
    tabs: RunFacts
    """Runs of tabs."""
    newlines: RunFacts
    """Runs of newlines (``\\n``)."""
    pure_whitespace_entries: int
    """Entries made only of spaces, tabs, newlines, CR, VT or FF."""


@dataclass(frozen=True)
class ParamBudget:
    """What the embedding table costs: vocabulary size times hidden size."""

    hidden: int
    """Hidden (embedding) size used for the figure."""
    vocab_params: int
    """Vocabulary size (with added tokens) x hidden."""
    total_params: int | None
    """The model's total parameters, when given."""
    hidden_source: str = "default"
    """Where ``hidden`` came from: ``default``, ``--hidden`` or a ``config.json`` path."""
    total_source: str | None = None
    """Where ``total_params`` came from: ``--params``, or a ``config.json`` path (computed for
    the BERT family); None without a total."""

    @property
    def vocab_share(self) -> float | None:
        """Share of the model's parameters spent on the vocabulary."""
        return self.vocab_params / self.total_params if self.total_params else None

    @property
    def core_params(self) -> int | None:
        """Parameters left for everything but the embedding table."""
        return self.total_params - self.vocab_params if self.total_params else None


@dataclass(frozen=True)
class TokenizerFacts:
    """Everything ``tokscope inspect`` reports for one tokenizer."""

    name: str
    """Display name."""
    provenance: Provenance
    """Where the files came from."""
    model_type: str
    """``BPE``, ``Unigram``, ``WordPiece`` or ``WordLevel``."""
    vocab_size: int
    """Entries of the model, without added tokens."""
    vocab_size_with_added: int
    """Entries including added tokens."""
    normalizer: str
    """The normalizer, in short."""
    pre_tokenizer: str
    """The pre-tokenizer, in short."""
    decoder: str
    """The decoder, in short."""
    post_processor: str
    """The post-processor, in short."""
    special_tokens: tuple[str, ...]
    """Added tokens flagged special, by id."""
    added_not_special: int
    """Added tokens not flagged special (ModernBERT's space runs and ``[unused*]``)."""
    whitespace: WhitespaceEntries
    """Whitespace in the vocabulary."""
    params: ParamBudget
    """Embedding-table cost."""
    switched_off: tuple[StoredSetting, ...] = ()
    """Truncation or padding stored in the files, switched off for analysis."""


def describe(
    tok: LoadedTokenizer,
    *,
    hidden: int = 1024,
    total_params: int | None = None,
    hidden_source: str = "default",
    total_source: str | None = None,
) -> TokenizerFacts:
    """Collect the facts ``inspect`` shows for ``tok``.

    ``hidden`` is the embedding width used for the parameter figure; ``total_params``, if given,
    is the whole model's size, to compute the vocabulary's share and the core remainder; the
    sources say where each number came from (see :class:`ParamBudget`).
    """
    t = tok.tokenizer
    vocabulary = tok.vocabulary
    specials = tuple(vocabulary.tokens[i] for i in sorted(vocabulary.special_ids))
    with_added = t.get_vocab_size(with_added_tokens=True)
    return TokenizerFacts(
        name=tok.name,
        provenance=tok.provenance,
        model_type=type(t.model).__name__,
        vocab_size=t.get_vocab_size(with_added_tokens=False),
        vocab_size_with_added=with_added,
        normalizer=summarize(component_state(t.normalizer)),
        pre_tokenizer=summarize(component_state(t.pre_tokenizer)),
        decoder=summarize(component_state(t.decoder)),
        post_processor=summarize(component_state(t.post_processor)),
        special_tokens=specials,
        added_not_special=len(vocabulary.added_ids - vocabulary.special_ids),
        whitespace=whitespace_entries(tok),
        params=ParamBudget(
            hidden,
            with_added * hidden,
            total_params,
            hidden_source,
            total_source if total_params is not None else None,
        ),
        switched_off=tok.switched_off,
    )


def whitespace_entries(tok: LoadedTokenizer) -> WhitespaceEntries:
    """Measure the whitespace entries of ``tok``'s vocabulary, and which runs are reachable."""
    vocabulary = tok.vocabulary
    special = vocabulary.special_ids
    longest = {b" ": 0, b"\t": 0, b"\n": 0}
    pure = 0
    for token_id in vocabulary.present:
        if token_id in special:
            continue
        content = vocabulary.contents[token_id]
        if not is_whitespace_entry(content):
            continue
        pure += 1
        for unit in longest:
            if content == unit * len(content):
                longest[unit] = max(longest[unit], len(content))
    facts = [RunFacts(longest[u], _longest_run_token(tok, u, longest[u])) for u in longest]
    return WhitespaceEntries(facts[0], facts[1], facts[2], pure)


MAX_RUN_PROBE = 1024
"""Longest run :func:`whitespace_entries` encodes to find the longest single-token run."""


def _longest_run_token(tok: LoadedTokenizer, unit: bytes, longest_entry: int) -> int:
    best = 0
    for k in range(1, min(longest_entry + 1, MAX_RUN_PROBE) + 1):
        encoding = tok.tokenizer.encode(f"x{(unit * k).decode()}y", add_special_tokens=False)
        for token_id, token in zip(encoding.ids, encoding.tokens):
            content = tok.entries.content(token_id, token)
            if content and content == unit * len(content):
                best = max(best, len(content))
    return best


_COUNT = re.compile(r"^\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*([kmbgt]?)\s*$", re.IGNORECASE)
_SCALE = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "g": 10**9, "t": 10**12}


def parse_count(value: str) -> int:
    """Read a parameter count such as ``400M``, ``1.5B`` or ``355,000,000``.

    >>> parse_count("1.5B")
    1500000000
    """
    match = _COUNT.match(value)
    if not match:
        raise TokscopeError(
            f"cannot read {value!r} as a parameter count: write it like 400M, 1.5B or 355000000"
        )
    number = float(match.group(1).replace(",", "").replace("_", ""))
    return round(number * _SCALE[match.group(2).lower()])


def summarize(state: dict[str, Any] | None) -> str:
    """A one-line description of a pipeline component from its JSON state.

    >>> summarize({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})
    "Replace(' {2,}' -> ' ')"
    """
    if state is None:
        return "none"
    kind = str(state.get("type", "?"))
    if kind == "Sequence":
        items = [
            summarize(s)
            for key in ("normalizers", "pretokenizers", "decoders", "processors")
            for s in state.get(key, [])
            if isinstance(s, dict)
        ]
        return " + ".join(items) if items else "Sequence()"
    if kind == "Replace":
        pattern = state.get("pattern", {})
        value = next(iter(pattern.values()), "?") if isinstance(pattern, dict) else pattern
        return f"Replace({value!r} -> {state.get('content')!r})"
    if kind == "Split":
        return _split(state)
    if kind == "TemplateProcessing":
        return f"TemplateProcessing({_template(state.get('single', []))})"
    if kind == "RobertaProcessing":
        cls, sep = state.get("cls", ["?"])[0], state.get("sep", ["?"])[0]
        return f"RobertaProcessing({cls} $A {sep}, trim_offsets={_flag(state.get('trim_offsets'))})"
    args = []
    for key, value in state.items():
        if key == "type":
            continue
        if isinstance(value, str) and len(value) > 40:
            args.append(f"{key}=<{len(value):,} chars>")
        elif isinstance(value, (bool, type(None))):
            args.append(f"{key}={_flag(value)}")
        elif isinstance(value, (int, float, str)):
            args.append(f"{key}={value!r}" if isinstance(value, str) else f"{key}={value}")
    return f"{kind}({', '.join(args)})"


def _split(state: dict[str, Any]) -> str:
    """A ``Split`` pre-tokenizer in full: its pattern (the whole regex, between backquotes and
    unescaped: it decides how whitespace is grouped) and the flags that say what happens to the
    matches.

    >>> _split({"type": "Split", "pattern": {"Regex": " ?[a-z]+| +"}, "behavior": "Isolated",
    ...         "invert": False})
    'Split(regex ` ?[a-z]+| +`, behavior=Isolated, invert=false)'
    """
    pattern = state.get("pattern", {})
    if isinstance(pattern, dict) and pattern:
        kind, value = next(iter(pattern.items()))
        shown = f"{'regex' if kind == 'Regex' else 'string'} `{value}`"
    else:
        shown = f"`{pattern}`"
    return (
        f"Split({shown}, behavior={state.get('behavior', '?')}, "
        f"invert={_flag(state.get('invert'))})"
    )


def _flag(value: object) -> str:
    if value is None:
        return "none"
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _template(pieces: list[Any]) -> str:
    words = []
    for piece in pieces:
        if not isinstance(piece, dict):
            continue
        if "SpecialToken" in piece:
            words.append(str(piece["SpecialToken"].get("id")))
        elif "Sequence" in piece:
            words.append("$" + str(piece["Sequence"].get("id")))
    return " ".join(words)
