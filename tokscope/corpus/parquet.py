"""Parquet datasets, read with pyarrow in row-group batches so memory stays bounded.

A Parquet file is a dataset like a JSON Lines file: each row is a record whose ``text_field`` holds
the text, named ``path:ROW`` (rows counted from 1 over the whole file). Records are turned into
documents by :func:`tokscope.corpus.readers.record_document`, so the bad-record accounting is the
same as for JSON Lines (``no-text`` for a missing, null or non-string text, ``too-large``,
``binary``...). A file that cannot be opened is skipped as ``unreadable``, a file of no rows as
``empty``; a row group that cannot be decoded is skipped as ``unreadable`` under the name
``path#rg=N`` and the next row group is read.

The row groups of a file can be read in separate ranges (:func:`row_groups`,
``read_parquet(..., groups=...)``): reading every range gives exactly the documents and skips of
reading the whole file, which is what lets a distributed engine split one shard into several
tasks.

pyarrow is optional (``pip install 'tokscope[parquet]'``) and imported only when a Parquet file is
read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tokscope.corpus.documents import LANG_FIELDS, CorpusOptions, Document, Skipped, display_name
from tokscope.corpus.readers import PATH_FIELDS, record_document
from tokscope.errors import TokscopeError

BATCH_ROWS = 1024
"""Rows decoded at a time: memory holds one batch of a row group, not the file."""


def pyarrow_parquet() -> Any:
    """``pyarrow.parquet``, or a one-line error saying how to install it."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise TokscopeError(
            "reading Parquet needs pyarrow: pip install 'tokscope[parquet]' (or 'tokscope[dask]')"
        ) from None
    return pq


@dataclass(frozen=True)
class RowGroup:
    """One row group of a Parquet file, as its footer describes it."""

    index: int
    """Position in the file."""
    first_row: int
    """Number of rows in the row groups before it."""
    rows: int
    """Rows in the group."""
    n_bytes: int
    """Uncompressed size of its data."""


def row_groups(path: Path) -> list[RowGroup] | None:
    """The row groups of ``path`` from its footer (nothing else is read); None when the file
    cannot be opened as Parquet."""
    pq = pyarrow_parquet()
    try:
        meta = pq.ParquetFile(path).metadata
    except (OSError, ValueError, TypeError):
        return None
    groups: list[RowGroup] = []
    first = 0
    for i in range(meta.num_row_groups):
        group = meta.row_group(i)
        groups.append(RowGroup(i, first, group.num_rows, group.total_byte_size))
        first += group.num_rows
    return groups


def read_parquet(
    path: Path, opts: CorpusOptions, *, groups: Sequence[int] | None = None
) -> Iterator[Document | Skipped]:
    """The records of a Parquet file (or of the row groups ``groups`` only) as documents, in
    row order."""
    pq = pyarrow_parquet()
    name = display_name(str(path))
    try:
        handle = pq.ParquetFile(path)
        meta = handle.metadata
        schema_names = set(handle.schema_arrow.names)
    except (OSError, ValueError, TypeError):
        yield Skipped(name, "unreadable")
        return
    if opts.text_field not in schema_names:
        if groups is None or 0 in groups:  # counted once, by the range holding row group 0
            yield Skipped(name, "no-text")
        return
    if meta.num_rows == 0:
        if groups is None or 0 in groups:  # counted once, like no-text
            yield Skipped(name, "empty")
        return
    lang_fields = (opts.lang_field,) if opts.lang_field else LANG_FIELDS
    wanted = [opts.text_field, *lang_fields, *PATH_FIELDS]
    columns = [c for c in dict.fromkeys(wanted) if c in schema_names]
    first_rows = [0]
    for i in range(meta.num_row_groups):
        first_rows.append(first_rows[-1] + meta.row_group(i).num_rows)
    indices = range(meta.num_row_groups) if groups is None else groups
    for index in indices:
        row = first_rows[index]
        try:
            for batch in handle.iter_batches(
                batch_size=BATCH_ROWS, row_groups=[index], columns=columns
            ):
                values = {c: batch.column(c).to_pylist() for c in columns}
                for k in range(batch.num_rows):
                    row += 1
                    record = {c: values[c][k] for c in columns}
                    yield record_document(f"{name}:{row}", record, opts)
        except (OSError, ValueError, TypeError):
            yield Skipped(f"{name}#rg={index}", "unreadable")


__all__ = ["BATCH_ROWS", "PATH_FIELDS", "RowGroup", "pyarrow_parquet", "read_parquet", "row_groups"]
