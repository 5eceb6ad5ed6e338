"""What a failing property reports: the texts involved and how the tokenizer split them."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tokscope.render.visible import visible


@dataclass(frozen=True)
class Split:
    """One text as a tokenizer split it, as a failure report shows it."""

    label: str
    """What the text is in the report (``text``, ``decoded``, ``indented``...)."""
    text: str
    """The text."""
    tokens: tuple[str, ...]
    """What each token stands for, as text (bytes of a split character written ``\\xNN``)."""
    ids: tuple[int, ...]
    """The token ids."""
    dropped: tuple[str, ...]
    """Source text that no token covers, in order."""


class PropertyFailure(AssertionError):
    """A property does not hold for a text; the message shows the text and its tokens."""

    def __init__(
        self,
        property_id: str,
        tokenizer: str,
        text: str,
        reason: str,
        splits: Sequence[Split],
    ) -> None:
        self.property_id = property_id
        """The id of the property (``roundtrip``...)."""
        self.tokenizer = tokenizer
        """The tokenizer's name."""
        self.text = text
        """The input the property was checked on."""
        self.reason = reason
        """One line: what went wrong."""
        self.splits = tuple(splits)
        """The texts involved, as the tokenizer split them (the input first)."""
        super().__init__(format_failure(property_id, tokenizer, reason, self.splits))

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle their message only; this one needs all its fields back.
        fields = (self.property_id, self.tokenizer, self.text, self.reason, self.splits)
        return (type(self), fields)


def format_failure(property_id: str, tokenizer: str, reason: str, splits: Sequence[Split]) -> str:
    """The message of a :class:`PropertyFailure`: the reason, then each text and its tokens."""
    lines = [f"{property_id} fails for {tokenizer}: {reason}"]
    width = max((len(s.label) for s in splits), default=0)
    for s in splits:
        shown = visible(s.text) if s.text else "(empty)"
        lines.append(f"  {s.label:<{width}}  {shown}    {text_repr(s.text)}")
        pad = " " * (width + 4)
        tokens = "┊".join(visible(t) if t else "∅" for t in s.tokens) or "(none)"
        lines.append(f"{pad}tokens  {tokens}")
        lines.append(f"{pad}ids     {list(s.ids)}")
        if s.dropped:
            lines.append(f"{pad}dropped {' '.join(visible(d) for d in s.dropped)}")
    lines.append("  (· space  → tab  ↵ newline  ↤ CR  ┊ token boundary)")
    return "\n".join(lines)


def text_repr(text: str) -> str:
    """``repr(text)`` with combining marks escaped too, so ``e`` + U+0301 and ``é`` differ.

    >>> print(text_repr("e\\u0301"), text_repr("\\u00e9"))
    'e\\u0301' 'é'
    """
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch).startswith("M") else ch for ch in repr(text)
    )
