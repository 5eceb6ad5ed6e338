"""The rows of a cache folder's database, read and damaged directly (as another process, or a
broken disk, would) for the tests of the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tokscope.cache.store import DATABASE


def _connect(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / DATABASE, timeout=30)


def records(folder: Path) -> dict[str, tuple[bytes, float]]:
    """Key -> (record, time last used) of every row."""
    with _connect(folder) as conn:
        return {k: (r, u) for k, r, u in conn.execute("SELECT key, record, used FROM entries")}


def set_record(folder: Path, key: str, record: bytes | str) -> None:
    """Overwrite the record of ``key``."""
    with _connect(folder) as conn:
        conn.execute("UPDATE entries SET record = ? WHERE key = ?", (record, key))


def set_used(folder: Path, key: str, used: float) -> None:
    """Set when ``key`` was last used."""
    with _connect(folder) as conn:
        conn.execute("UPDATE entries SET used = ? WHERE key = ?", (used, key))


def intact(folder: Path) -> bool:
    """Whether SQLite finds the database whole."""
    with _connect(folder) as conn:
        return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
