"""Runs of files kept in the cache as one merged aggregate.

Adding the entries of a few hundred files one by one is most of a run served from the cache:
each carries its identifiers and their whitespace forms, which are merged word by word. So the
files of a batch are also cut into short runs (a *group*), and each group's aggregate, all
tokenizers together, is stored under the keys of its files' entries and their names. A later run
whose group has the same files with the same texts reads that one aggregate instead of every
file's entries; a group with an edited file misses, and its files are served one by one from
their entries (the edited one measured), and the group is stored again.

Where a group ends depends only on file names (:func:`group_spans`), not on sizes or on what
came before, and batches end where groups end (:func:`~tokscope.stats.engine.loop.batches`), so
an edit does not move the other groups' boundaries (only a batch that reaches twice its size or
its number of documents before a group ends cuts a group; such a group misses once). The
aggregates merge in any grouping (:class:`~tokscope.stats.Aggregate`), so a run served by groups
is the run measured afresh.

The body is a pickle of the aggregate, read back by an unpickler that accepts only the classes an
aggregate is made of (and only after the store has checked the body's digest).
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Sequence
from typing import Any

from tokscope.cache.keys import key_of
from tokscope.stats.aggregate import Aggregate, TokenizerInfo

FORMAT = 1
"""Version of the body written by :func:`encode_group`."""

GROUP_EVERY = 8
"""A file ends a group when its name hashes to 0 modulo this: groups of this many files on
average."""

_ALLOWED = {
    ("tokscope.stats.aggregate", "Aggregate"),
    ("tokscope.stats.aggregate", "TokenizerInfo"),
    ("tokscope.stats.aggregate", "RoundTripExample"),
    ("tokscope.stats.worst", "WorstFiles"),
    ("tokscope.stats.worst", "Row"),
    ("tokscope.loading.tokenizer", "Provenance"),
    ("tokscope.loading.tokenizer", "FileRef"),
    ("tokscope.corpus.documents", "SkipReport"),
    ("numpy", "dtype"),
    ("numpy._core.numeric", "_frombuffer"),  # refuses object arrays (pointers from the bytes)
    ("numpy.core.numeric", "_frombuffer"),
}
"""What an aggregate's pickle names (``tests/test_cache_groups.py`` pickles one and checks).
``numpy.ndarray`` itself is left out: called with an object dtype over a raw buffer, it would
read the body's bytes as pointers."""


def group_spans(names: Sequence[str]) -> list[tuple[int, int]]:
    """``names`` (in batch order) cut into consecutive runs, as (start, end) index pairs; a run
    ends after each name :func:`ends_group` says ends one, and at the end.

    >>> spans = group_spans([f"f{i}.py" for i in range(40)])
    >>> spans[0][0], spans[-1][1], all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    (0, 40, True)
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for i, name in enumerate(names):
        if ends_group(name):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(names):
        spans.append((start, len(names)))
    return spans


def ends_group(name: str) -> bool:
    """Whether the file called ``name`` ends a group (one file in :data:`GROUP_EVERY`)."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:4], "little") % GROUP_EVERY == 0


def group_key(names: Sequence[str], keys: Sequence[Sequence[str]]) -> str:
    """The key of the group of files ``names`` whose entries have ``keys`` (per file, one per
    tokenizer: they already hold the code, the options, the tokenizers and each text)."""
    parts = ["group", str(FORMAT)]
    for name, mine in zip(names, keys):
        parts += ["file", name, *mine]
    return key_of(parts)


def encode_group(agg: Aggregate) -> bytes:
    """The group's aggregate as bytes."""
    return pickle.dumps(agg, protocol=5)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of an aggregate")
        return super().find_class(module, name)


def decode_group(
    data: bytes, tokenizers: Sequence[TokenizerInfo], *, lex: bool
) -> Aggregate | None:
    """The aggregate :func:`encode_group` wrote, for these ``tokenizers`` (their names and files
    as this run gives them), or None for anything else."""
    try:
        agg = _Unpickler(io.BytesIO(data)).load()
        if not isinstance(agg, Aggregate) or agg.lex is not lex:
            return None
        if [t.vocab_size for t in agg.tokenizers] != [t.vocab_size for t in tokenizers]:
            return None
        if not agg.well_formed():
            return None
    except Exception:  # any damage or foreign body: the group is measured from its files
        return None
    agg.tokenizers = tuple(tokenizers)
    return agg


__all__ = ["GROUP_EVERY", "decode_group", "encode_group", "ends_group", "group_key", "group_spans"]
