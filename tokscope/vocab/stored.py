"""Reachability kept in the cache: it depends only on the tokenizer's files and on the code, so a
tokenizer checked once (by ``vocab`` or ``report``) is not decoded and re-encoded again.

The key is :func:`~tokscope.cache.keys.code_parts` and
:func:`~tokscope.cache.keys.tokenizer_key`; the body is compact JSON holding every status in
the order :func:`~tokscope.vocab.reachability.reachability` gave it, so a stored result is the
computed one, field by field.
"""

from __future__ import annotations

import json
import zlib
from typing import TYPE_CHECKING, Any

from tokscope.cache.keys import code_parts, key_of, tokenizer_key
from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap.vocabulary import NormalisedVocab
from tokscope.vocab.reachability import STATUSES, Reachability, reachability

if TYPE_CHECKING:
    from tokscope.cache.store import Store
    from tokscope.stats.engine.loop import CacheCounts

FORMAT = 1
"""Version of the body written by :func:`encode_reachability`."""

_CODES = {status: str(n) for n, status in enumerate(STATUSES)}
_STATUS_OF = {code: status for status, code in _CODES.items()}


def reachability_key(tok: LoadedTokenizer) -> str:
    """The cache key of ``tok``'s reachability."""
    return key_of(["reachability", *code_parts(), tokenizer_key(tok.provenance)])


def encode_reachability(reach: Reachability) -> bytes:
    """``reach`` as compressed JSON bytes."""
    body = [
        FORMAT,
        list(reach.status),
        "".join(_CODES[s] for s in reach.status.values()),
        [[i, list(ids)] for i, ids in reach.encodes_to.items()],
        list(reach.context),
    ]
    return zlib.compress(json.dumps(body, separators=(",", ":")).encode("ascii"), 6)


def decode_reachability(data: bytes) -> Reachability | None:
    """What :func:`encode_reachability` wrote, or None for anything else (another format,
    damage)."""
    try:
        body: Any = json.loads(zlib.decompress(data))
        fmt, ids, codes, encodes_to, context = body
        if fmt != FORMAT or len(ids) != len(codes):
            return None
        status = {int(i): _STATUS_OF[c] for i, c in zip(ids, codes)}
        return Reachability(
            status=status,
            encodes_to={int(i): tuple(int(x) for x in to) for i, to in encodes_to},
            context=tuple(str(c) for c in context),
        )
    except (ValueError, TypeError, KeyError, zlib.error):
        return None


def stored_reachability(
    tok: LoadedTokenizer,
    vocab: NormalisedVocab,
    store: Store | None,
    served: CacheCounts | None = None,
) -> Reachability:
    """:func:`~tokscope.vocab.reachability.reachability` of ``tok``, read from ``store`` when it
    holds it, else computed and stored there (``served`` counts which, by tokenizer); without a
    store, computed."""
    if store is None:
        return reachability(tok, vocab)
    key = reachability_key(tok)
    data = store.get(key)
    found = decode_reachability(data) if data is not None else None
    if found is not None:
        if served is not None:
            served.hits += 1
        return found
    if served is not None:
        served.misses += 1
    reach = reachability(tok, vocab)
    store.put(key, encode_reachability(reach))
    store.evict()
    return reach


__all__ = [
    "FORMAT",
    "decode_reachability",
    "encode_reachability",
    "reachability_key",
    "stored_reachability",
]
