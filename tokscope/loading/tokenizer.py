"""A loaded tokenizer and where it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from tokenizers import Tokenizer

from tokscope.errors import TokenizerError
from tokscope.loading.entries import EntryDecoder
from tokscope.loading.named import NamedSpec
from tokscope.loading.vocabulary import Vocabulary


@dataclass(frozen=True)
class StoredSetting:
    """A setting kept in a tokenizer's files that tokscope switches off for analysis."""

    name: str
    """``truncation`` or ``padding``."""
    value: str
    """The setting as it was stored, as JSON with sorted keys."""


@dataclass(frozen=True)
class FileRef:
    """One file a tokenizer was read from."""

    path: str
    """Where the file was read (a local path, inside the Hugging Face cache for hub files)."""
    sha256: str
    """SHA-256 of the file's bytes."""


@dataclass(frozen=True)
class Provenance:
    """Where a loaded tokenizer came from, precisely enough to reproduce a report."""

    spec: str
    """The spec as the user gave it, without the ``NAME=`` of a named spec."""
    origin: str
    """Which step found it: ``path``, ``TOKSCOPE_TOKENIZERS``, ``hf-cache`` or ``hub``."""
    format: str
    """``tokenizer.json``, ``vocab.json+merges.txt`` or ``sentencepiece``."""
    files: tuple[FileRef, ...]
    """The files read, main file first."""
    hub_id: str | None = None
    """The Hugging Face repository, when the files came from the cache or the Hub."""
    revision: str | None = None
    """The commit of that repository, when known."""
    given_name: str | None = None
    """The name given with ``NAME=SPEC`` (see :mod:`tokscope.loading.named`); None when the
    tokenizer is called by its alias, hub id or folder name."""

    @property
    def named_spec(self) -> str:
        """The spec with its given name (``v1=./a.json``): loads the same tokenizer under the
        same name."""
        return NamedSpec(self.spec, self.given_name).text

    @property
    def sha256(self) -> str:
        """SHA-256 of the main file."""
        return self.files[0].sha256


@dataclass(frozen=True, eq=False)
class LoadedTokenizer:
    """A tokenizer ready to use, with its display name and provenance."""

    name: str
    """Short name for tables and JSON keys: the name given with ``NAME=SPEC``, else the alias,
    hub id or folder name."""
    tokenizer: Tokenizer = field(repr=False)
    """The ``tokenizers`` object, exactly as its files define it."""
    provenance: Provenance
    """Where it came from."""
    entries: EntryDecoder = field(repr=False)
    """How its vocabulary entries map to bytes."""
    switched_off: tuple[StoredSetting, ...] = ()
    """Settings stored in its files that would change the counts, switched off on load."""

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """Its vocabulary, id by id (read once, on first use)."""
        return Vocabulary(self.tokenizer, self.entries)

    @property
    def special_ids(self) -> frozenset[int]:
        """Ids of added tokens flagged special."""
        return self.vocabulary.special_ids

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the vocabulary: a worker reads its own when it needs it."""
        state = dict(self.__dict__)
        state.pop("vocabulary", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled tokenizer (frozen: through the instance dictionary)."""
        self.__dict__.update(state)

    def encode_batch(self, texts: Sequence[str], *, add_special_tokens: bool = False) -> list[Any]:
        """``encode_batch`` of the tokenizer; a failure inside the tokenizer (an unknown piece
        with no unknown token to stand for it, an id beyond the vocabulary) is a
        :class:`~tokscope.errors.TokenizerError`.
        """
        try:
            return list(
                self.tokenizer.encode_batch(list(texts), add_special_tokens=add_special_tokens)
            )
        except Exception as exc:
            raise TokenizerError.of(self.name, exc) from None

    def encode(self, text: str, *, add_special_tokens: bool = False) -> Any:
        """``encode`` of one text, with the failures of :meth:`encode_batch`."""
        return self.encode_batch([text], add_special_tokens=add_special_tokens)[0]

    def decode(self, ids: Sequence[int], *, skip_special_tokens: bool = False) -> str:
        """``decode`` of the tokenizer, with the failures of :meth:`encode_batch`."""
        try:
            return str(self.tokenizer.decode(list(ids), skip_special_tokens=skip_special_tokens))
        except Exception as exc:
            raise TokenizerError.of(self.name, exc) from None
