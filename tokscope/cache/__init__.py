"""A content-addressed cache of what each tokenizer made of each document.

Re-running a command that reads a corpus through the statistics pass (``stats``, ``report``,
``whitespace --corpus``, ``vocab --corpus``, ``overlap --corpus``) measures only the (document,
tokenizer) pairs it has not seen: a new tokenizer, an edited file. A document's lexemes and a
tokenizer's reachability (:mod:`tokscope.cache.lexemes`, :mod:`tokscope.vocab.stored`) are kept
too. Entries live under :func:`cache_dir`, keyed by the tokscope version and code, the versions
of the libraries behind the results, the tokenizer's files, the options that change results
and the document's text (:mod:`tokscope.cache.keys`); the folder is bounded in size, least
recently used entries going first (:mod:`tokscope.cache.store`).
"""

from __future__ import annotations

from tokscope.cache.entries import Entry, add_document, decode, encode, entry_of
from tokscope.cache.keys import ENV_DIR, cache_dir, code_fingerprint, key_of, max_size
from tokscope.cache.store import Store, StoreInfo


def open_store() -> Store:
    """The user's cache (:func:`cache_dir`, bounded by :func:`max_size`)."""
    return Store(cache_dir(), max_size=max_size())


__all__ = [
    "ENV_DIR",
    "Entry",
    "Store",
    "StoreInfo",
    "add_document",
    "cache_dir",
    "code_fingerprint",
    "decode",
    "encode",
    "entry_of",
    "key_of",
    "max_size",
    "open_store",
]
