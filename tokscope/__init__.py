"""tokscope: see what tokenizers do to source code.

The library behind the ``tokscope`` command. Load tokenizers with :func:`load`, align their tokens
with the source with :func:`segment`, compare several with :func:`compare`, and describe one with
:func:`describe`.

>>> from tokscope import load, segment  # doctest: +SKIP
>>> [t.surface for t in segment(load("modernbert"), "    return x").tokens]  # doctest: +SKIP
['    ', 'return', ' x']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_SPECS",
    "LoadedTokenizer",
    "Segmentation",
    "TokenSpan",
    "TokscopeError",
    "__version__",
    "compare",
    "describe",
    "load",
    "segment",
]

if TYPE_CHECKING:
    from tokscope.align.segment import Segmentation, TokenSpan, segment
    from tokscope.diff import compare
    from tokscope.errors import TokscopeError
    from tokscope.inspection import describe
    from tokscope.loading.sources import DEFAULT_SPECS, LoadedTokenizer, load

_LAZY = {
    "describe": "tokscope.inspection",
    "compare": "tokscope.diff",
    "TokscopeError": "tokscope.errors",
    "Segmentation": "tokscope.align.segment",
    "TokenSpan": "tokscope.align.segment",
    "segment": "tokscope.align.segment",
    "DEFAULT_SPECS": "tokscope.loading.sources",
    "LoadedTokenizer": "tokscope.loading.sources",
    "load": "tokscope.loading.sources",
}


def __getattr__(name: str) -> Any:
    """Import the public names on first use, so ``import tokscope`` stays cheap."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tokscope' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
