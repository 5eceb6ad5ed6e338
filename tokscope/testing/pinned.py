"""The known troublemakers ``tokscope check`` tries when hypothesis finds no counterexample."""

from __future__ import annotations

PINNED: tuple[str, ...] = (
    "",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "x",
    " x",
    "x ",
    "a  b",
    "a\tb",
    "a\n\nb",
    "\x00",
    "x\x00y",
    "x\u200by",
    "x\u00a0y",
    "ﬁ",
    "👩\u200d💻",
    "return x\n",
    "\treturn x\n",
    "    return x\n",
    "if x:\n    return y\n",
    "if (x) {\n\treturn y;\n}\n",
)
"""Known troublemakers, tried when hypothesis finds no counterexample, so that a failure these
show is reported whatever the seed (the shortest failing one is reported)."""

PINNED_BLOCKS: tuple[str, ...] = (
    "return x\n",
    "\treturn x\n",
    "    return x\n",
    "if x:\n    return y\n",
    "def f():\n  return 1\n",
    "if (x) {\n\treturn y;\n}\n",
)
"""The pinned inputs of ``indent-stable``: code indented by whole levels, as its strategy makes
(a line indented by one space is a different question; see docs/testing.md)."""
