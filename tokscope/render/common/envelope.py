"""The one JSON envelope: every document starts with the tool, its version, the schema and the
command; tokenizers carry their :func:`provenance`; skipped inputs have one shape everywhere.

The same input gives byte-identical output: keys keep a fixed order, floats are rounded (see
:func:`tokscope.render.common.numbers.rounded`), and nothing depends on time or the order files
were found in.
"""

from __future__ import annotations

import json
from typing import Any

from tokscope import __version__
from tokscope.corpus.walk import SkipReport
from tokscope.loading.sources import Provenance

SCHEMA_VERSION = 1
"""Bumped when a field changes meaning or disappears."""


def dumps(payload: dict[str, Any]) -> str:
    """Serialise ``payload`` as indented UTF-8 JSON with a trailing newline."""
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def envelope(command: str, body: dict[str, Any]) -> dict[str, Any]:
    """The fields every JSON document starts with, then ``body``."""
    return {
        "tool": "tokscope",
        "version": __version__,
        "schema": SCHEMA_VERSION,
        "command": command,
        **body,
    }


def provenance(p: Provenance) -> dict[str, Any]:
    """Where a tokenizer came from: spec (and the name given with ``NAME=SPEC``), origin,
    format, hub id and revision, files and hashes."""
    return {
        "spec": p.spec,
        "given_name": p.given_name,
        "origin": p.origin,
        "format": p.format,
        "hub_id": p.hub_id,
        "revision": p.revision,
        "files": [{"path": f.path, "sha256": f.sha256} for f in p.files],
    }


def skipped(report: SkipReport) -> dict[str, Any]:
    """Inputs not analysed: ``{"total": N, "reasons": {reason: {"count", "examples"}}}``."""
    examples = dict(report.examples)
    return {
        "total": report.total,
        "reasons": {
            reason: {"count": n, "examples": list(examples.get(reason, ()))}
            for reason, n in report.counts
        },
    }
