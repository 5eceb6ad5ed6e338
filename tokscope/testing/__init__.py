"""Property tests for tokenizer design: hypothesis strategies, property checks, a pytest plugin.

* :mod:`tokscope.testing.strategies`: hypothesis strategies for code-like text (indentation,
  whitespace runs, identifiers, line endings, string literals, Unicode edge cases, Python source);
* :mod:`tokscope.testing.properties`: checks that take a tokenizer and a text and raise an
  ``AssertionError`` that shows the input and its tokens with visible whitespace;
* :mod:`tokscope.testing.runner`: every property under hypothesis, as ``tokscope check`` runs them;
* :mod:`tokscope.testing.profiles`: the ``quick`` and ``thorough`` example counts;
* :mod:`tokscope.testing.pytest_plugin`: ``--tokscope-tokenizer SPEC`` and the
  ``tokscope_tokenizer`` fixture, plus the ``tokscope-quick`` and ``tokscope-thorough``
  hypothesis profiles.

This package module imports nothing heavy, so the pytest plugin stays cheap to load.

>>> from hypothesis import given  # doctest: +SKIP
>>> from tokscope.testing import properties, strategies  # doctest: +SKIP
>>> @given(strategies.indented_blocks())  # doctest: +SKIP
... def test_roundtrip(tokscope_tokenizer, text):
...     properties.roundtrip(tokscope_tokenizer, text)
"""

from __future__ import annotations

__all__ = ["profiles", "properties", "runner", "strategies"]
