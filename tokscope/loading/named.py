"""``NAME=SPEC``: a tokenizer spec with the name it goes by in tables, JSON and comparisons.

``-t v2=./out/tokenizer.json`` loads ``./out/tokenizer.json`` and calls it ``v2``, so runs over
different files line up by name (``stats --baseline``, ``--compare``). Without a name a tokenizer
is called by its alias, hub id or folder name.

A path may contain ``=``: a spec whose whole text is an existing path is that path, and so is one
whose part before the first ``=`` holds a path separator (``./run=2/tokenizer.json``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tokscope.errors import SourceError

EXAMPLE = "v2=./out/tokenizer.json"
"""How a named spec is written, for messages."""


@dataclass(frozen=True)
class NamedSpec:
    """A tokenizer spec and the name the user gave it."""

    spec: str
    """What to load: an alias, a hub id, a path or ``tiktoken:NAME``."""
    name: str | None = None
    """The name given with ``NAME=SPEC``; None when the tokenizer is called by its spec."""

    @property
    def text(self) -> str:
        """The spec as written: ``NAME=SPEC``, or the spec alone.

        >>> NamedSpec("./a.json", "v1").text
        'v1=./a.json'
        """
        return self.spec if self.name is None else f"{self.name}={self.spec}"


def _separators() -> set[str]:
    return {"/", "\\", os.sep, *([os.altsep] if os.altsep else [])}


def existing_path(text: str) -> Path | None:
    """``text`` as a path (``~`` expanded) when a file or folder is there, else None (also for
    ``~user`` of no user, or a name the system cannot take)."""
    try:
        path = Path(text).expanduser()
        return path if path.exists() else None
    except (RuntimeError, OSError, ValueError):
        return None


def parse_spec(text: str) -> NamedSpec:
    """``NAME=SPEC`` split into name and spec; a text without a name is a spec alone.

    Raises :class:`~tokscope.errors.SourceError` (one line) for an empty name, an empty spec or
    a name with control characters.

    >>> parse_spec("v2=./out/tokenizer.json")
    NamedSpec(spec='./out/tokenizer.json', name='v2')
    >>> parse_spec("roberta")
    NamedSpec(spec='roberta', name=None)
    """
    if "=" not in text or existing_path(text) is not None:
        return NamedSpec(text)
    name, _, spec = text.partition("=")
    if _separators() & set(name):
        return NamedSpec(text)  # a path with '=' in it (that does not exist: load says so)
    name, spec = name.strip(), spec.strip()
    if not name:
        raise SourceError(
            f"tokenizer spec {text!r} has an empty name before '=': write NAME=SPEC, e.g. {EXAMPLE}"
        )
    if not spec:
        raise SourceError(
            f"tokenizer spec {text!r} names nothing after '=': write NAME=SPEC, e.g. {EXAMPLE}"
        )
    if not name.isprintable():
        raise SourceError(
            f"tokenizer name {name!r} has control characters: give a name that can be printed"
        )
    return NamedSpec(spec, name)


def parse_specs(texts: Iterable[str]) -> list[NamedSpec]:
    """Every spec of ``texts`` parsed with :func:`parse_spec`, the names checked: a name given
    twice is a one-line :class:`~tokscope.errors.SourceError`."""
    parsed = [parse_spec(t) for t in texts]
    check_names(parsed)
    return parsed


def check_names(specs: Sequence[NamedSpec]) -> None:
    """Refuse a name given to two specs."""
    seen: dict[str, NamedSpec] = {}
    for named in specs:
        if named.name is None:
            continue
        first = seen.setdefault(named.name, named)
        if first is not named:
            raise SourceError(
                f"tokenizer name {named.name!r} is given twice ({first.text}, {named.text}): "
                "give each tokenizer its own name"
            )


__all__ = ["EXAMPLE", "NamedSpec", "check_names", "existing_path", "parse_spec", "parse_specs"]
