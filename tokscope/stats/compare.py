"""Two ``stats --json`` runs side by side: what a tokenizer change bought."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

COMPARED: tuple[tuple[str, str], ...] = (
    ("bytes_per_token", "bytes/token"),
    ("chars_per_token", "chars/token"),
    ("nsl", "NSL"),
    ("words.fertility", "fertility (words)"),
    ("words.pcw", "PCW (words)"),
    ("words.continuation_share", "continuation share"),
    ("boundary_crossing_rate", "boundary crossing"),
    ("renyi_efficiency", "Rényi efficiency"),
    ("whitespace_cost", "whitespace cost"),
    ("whitespace_lost_share", "whitespace lost"),
    ("round_trip_fidelity", "round-trip fidelity"),
    ("context_fit.512", "fits 512"),
    ("context_fit.8192", "fits 8,192"),
    ("unk_rate", "UNK rate"),
    ("indentation.fertility", "tokens/indent run"),
)
"""Metrics a comparison shows: (path in the JSON ``overall`` block, label)."""


@dataclass(frozen=True)
class Delta:
    """One metric of one tokenizer in two runs."""

    tokenizer: str
    """Tokenizer name."""
    metric: str
    """Label of the metric."""
    old: float | None
    """Value in the old run (None when absent)."""
    new: float | None
    """Value in the new run."""

    @property
    def change(self) -> float | None:
        """new − old, when both exist."""
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass(frozen=True)
class Comparison:
    """Two ``stats --json`` runs side by side."""

    old_files: int
    """Files in the old run."""
    new_files: int
    """Files in the new run."""
    deltas: tuple[Delta, ...]
    """Per tokenizer (in the new run's order, then those only in the old run), per metric."""
    only_old: tuple[str, ...]
    """Tokenizers only in the old run."""
    only_new: tuple[str, ...]
    """Tokenizers only in the new run."""


def _lookup(block: Mapping[str, Any], path: str) -> float | None:
    value: Any = block
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Comparison:
    """The changes between two ``stats --json`` documents, matched by tokenizer name."""
    for doc in (old, new):
        if doc.get("command") != "stats" or not isinstance(doc.get("tokenizers"), list):
            raise ValueError("not a tokscope stats --json document")
    olds = {t["name"]: t["overall"] for t in old["tokenizers"]}
    news = {t["name"]: t["overall"] for t in new["tokenizers"]}
    order = [n for n in news] + [n for n in olds if n not in news]
    deltas = tuple(
        Delta(name, label, _lookup(olds.get(name, {}), path), _lookup(news.get(name, {}), path))
        for name in order
        for path, label in COMPARED
    )
    return Comparison(
        old_files=int(old.get("corpus", {}).get("files", 0)),
        new_files=int(new.get("corpus", {}).get("files", 0)),
        deltas=deltas,
        only_old=tuple(n for n in olds if n not in news),
        only_new=tuple(n for n in news if n not in olds),
    )
