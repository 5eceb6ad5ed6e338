"""The bundled sample corpus, ``corpora/``, as the tests count it (from the file system, not
through the walker the tests check)."""

from __future__ import annotations

from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
"""The sample corpus: source files only (its description is docs/corpora.md)."""

SAMPLES = sorted(p for p in CORPORA.rglob("*") if p.is_file())
"""Every file under ``corpora/``."""
