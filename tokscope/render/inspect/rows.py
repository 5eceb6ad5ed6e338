"""The sections of ``tokscope inspect``, as plain strings: pipeline, vocabulary and whitespace
facts, one column per tokenizer, then the parameter budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath

from tokscope.inspection import RunFacts, TokenizerFacts
from tokscope.render.common.numbers import MISSING, compact, count, percent
from tokscope.render.common.sections import Section, label, number, section, text
from tokscope.render.inspect.sources import sources_section


def short_path(path: str) -> str:
    """The file and its folder; the whole path is in ``--json``."""
    parts = PurePath(path).parts
    return "/".join(parts[-2:]) if len(parts) > 1 else path


def _runs(facts: RunFacts) -> str:
    return f"{facts.longest_entry} longest entry, {facts.longest_token_in_text} as one token"


def _specials(f: TokenizerFacts) -> str:
    shown = " ".join(f.special_tokens[:8])
    return shown + (f" (+{len(f.special_tokens) - 8})" if len(f.special_tokens) > 8 else "")


def _files(f: TokenizerFacts) -> str:
    """Every file the tokenizer was read from (``vocab.json`` and ``merges.txt``)."""
    return ", ".join(short_path(file.path) for file in f.provenance.files)


def _switched_off(f: TokenizerFacts) -> str:
    return "; ".join(f"{s.name} {s.value}" for s in f.switched_off) or MISSING


_ROWS: tuple[tuple[str, Callable[[TokenizerFacts], str]], ...] = (
    ("model", lambda f: f.model_type),
    ("vocab (base)", lambda f: count(f.vocab_size)),
    ("vocab (with added)", lambda f: count(f.vocab_size_with_added)),
    ("normalizer", lambda f: f.normalizer),
    ("pre-tokenizer", lambda f: f.pre_tokenizer),
    ("decoder", lambda f: f.decoder),
    ("post-processor", lambda f: f.post_processor),
    ("special tokens", _specials),
    ("added, not special", lambda f: count(f.added_not_special)),
    ("space runs", lambda f: _runs(f.whitespace.spaces)),
    ("tab runs", lambda f: _runs(f.whitespace.tabs)),
    ("newline runs", lambda f: _runs(f.whitespace.newlines)),
    ("whitespace entries", lambda f: count(f.whitespace.pure_whitespace_entries)),
    ("source", lambda f: f"{f.provenance.origin}: {_files(f)}"),
    ("sha256", lambda f: f.provenance.sha256[:16] + "…"),
)


def facts_section(facts: Sequence[TokenizerFacts]) -> Section:
    """Pipeline, vocabulary and whitespace facts, one column per tokenizer."""
    rows = [[name, *(get(f) for f in facts)] for name, get in _ROWS]
    if any(f.switched_off for f in facts):  # settings stored in the files that analysis ignores
        rows.append(["switched off", *(_switched_off(f) for f in facts)])
    columns = [label(""), *(text(f.name) for f in facts)]
    return section("Tokenizers", columns, rows)


PARAMS_HINT = "give --params NAME=COUNT (e.g. modernbert=400M) for the share"
"""Shown when no model size was given."""


def params_section(facts: Sequence[TokenizerFacts]) -> Section:
    """Vocabulary parameters at the hidden size, and their share of the model when known."""
    rows = []
    for f in facts:
        p = f.params
        rows.append(
            [
                f.name,
                count(p.hidden),
                f"{count(p.vocab_params)} ({compact(p.vocab_params)})",
                MISSING if p.total_params is None else count(p.total_params),
                percent(p.vocab_share),
                MISSING
                if p.core_params is None
                else f"{count(p.core_params)} ({compact(p.core_params)})",
            ]
        )
    columns = [label("tokenizer")]
    columns += map(number, ("hidden", "vocab params", "model params", "vocab share", "core params"))
    hint = "" if any(f.params.total_params for f in facts) else PARAMS_HINT
    return section("Vocabulary parameters (vocab with added tokens x hidden)", columns, rows, hint)


def all_sections(facts: Sequence[TokenizerFacts]) -> list[Section]:
    """Every section of ``inspect``, in order (terminal and Markdown)."""
    return [facts_section(facts), params_section(facts), sources_section(facts)]
