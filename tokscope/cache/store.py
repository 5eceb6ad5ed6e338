"""Content-addressed entries in one SQLite file: buffered writes, checked reads, least recently
used out.

Every entry is a row of :data:`DATABASE` under the cache folder: its key (a hex digest), a record
(a magic line, a BLAKE2 digest of the body, the body), the record's size and when it was last
used. A record whose magic line or digest is wrong is noticed, removed and treated as missing.

A first run stores an entry per (document, tokenizer). Kept as a file each, creating those files
was most of what a first run added to measuring, so :meth:`Store.put` keeps entries in memory
until :meth:`Store.flush` writes them in one transaction (the statistics pass flushes after each
batch; what is left is flushed at exit), and a hit's new use time is written the same way.
SQLite's write-ahead log lets concurrent runs read while one writes; writers take turns, and two
runs writing the same entry leave one whole row (the same bytes, as the key is the content's).
:meth:`Store.evict` removes the least recently used rows until the rest fit in the size bound,
from an index rather than a walk over files.

A cache that cannot be opened or written (a read-only folder, a full disk, a lock held too long)
is ignored: reads miss and writes are dropped. A file that is not a database is removed and made
again.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"tokscope-cache 1\n"
"""The first bytes of every record (the format version: a new format ignores old records)."""

DATABASE = "entries.sqlite"
"""The file under the cache folder that holds the entries."""

FLUSH_BYTES = 16 << 20
"""Pending records are written once they exceed this many bytes, before any :meth:`Store.flush`."""

_DIGEST = 16
_LEGACY_SUFFIX = ".entry"  # one file per entry, as tokscope stored them before this database
_LEGACY_FOLDER = re.compile(r"[0-9a-f]{1,2}")


@dataclass(frozen=True)
class StoreInfo:
    """What a cache folder holds."""

    root: Path
    """The folder."""
    entries: int
    """Entries stored."""
    size: int
    """Their size in bytes."""
    max_size: int
    """The size bound (least recently used entries go first beyond it)."""


class _Database:
    """The connection and the writes not flushed yet (apart from :class:`Store`, so that the
    exit hook holds no reference to the store)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.pending: dict[str, bytes] = {}
        self.pending_bytes = 0
        self.touched: set[str] = set()
        self._conn: sqlite3.Connection | None = None
        self._inode: int | None = None
        self._pid = os.getpid()
        self._retry_at = 0.0

    def own(self) -> None:
        """In a forked process, forget the parent's connection and pending writes (under the
        lock): the child makes its own."""
        if self._pid != os.getpid():
            self._conn, self._inode, self._pid, self._retry_at = None, None, os.getpid(), 0.0
            self.pending, self.pending_bytes, self.touched = {}, 0, set()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection | None]:
        """The connection under the lock (None when the cache cannot be used now); an SQLite
        error inside is dropped, as a cache that cannot answer is a miss. A damaged database
        is removed, to be made again."""
        with self.lock:
            self.own()
            conn = self._connect()
            try:
                yield conn
            except sqlite3.Error as exc:
                if conn is not None and conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.rollback()
                if _damaged(exc):
                    self.forget()
                    _remove_database(self.path)

    def forget(self) -> None:
        """Drop the connection (made again when next needed)."""
        if self._conn is not None:
            with suppress(sqlite3.Error):
                self._conn.close()
        self._conn, self._inode = None, None

    def replaced(self) -> bool:
        """Whether the database file is no longer the one connected to (removed, or made
        again by another process), so that writes would be lost."""
        try:
            return os.stat(self.path).st_ino != self._inode
        except OSError:
            return True

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or time.monotonic() < self._retry_at:
            return self._conn
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                self._conn = _open(self.path)
                self._inode = os.stat(self.path).st_ino
                return self._conn
            except sqlite3.Error as exc:
                self.forget()
                if _damaged(exc) and attempt == 0 and self.path.exists():
                    _remove_database(self.path)  # not a database, or a damaged one: made again
                elif _busy(exc):
                    time.sleep(0.05)  # another run is making or changing it
                else:
                    break
            except (OSError, _OtherSchema):
                self.forget()
                break
        self._retry_at = time.monotonic() + _RETRY_AFTER  # a miss until then
        return None

    def flush(self) -> None:
        """Write the pending records and use times in one transaction."""
        with self.lock:
            self.own()
            if not (self.pending or self.touched):
                return
            if self._conn is not None and self.replaced():
                self.forget()  # the folder was cleared or removed: write to the new file
        with self.connection() as conn:
            pending, touched = self.pending, self.touched - self.pending.keys()
            self.pending, self.pending_bytes, self.touched = {}, 0, set()
            if conn is None:
                return
            now = time.time()
            with conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                    [(key, rec, len(rec), now) for key, rec in pending.items()],
                )
                conn.executemany(
                    "UPDATE entries SET used = ? WHERE key = ?", [(now, key) for key in touched]
                )


SCHEMA = 1
"""The layout of the database (``PRAGMA user_version``): a file of another layout is left alone
and not used."""

_OPEN_ATTEMPTS = 20
_BUSY_TIMEOUT = 30.0  # seconds a statement waits for another run's write lock
_RETRY_AFTER = 5.0  # seconds a cache that could not be opened is a miss before the next try


class _OtherSchema(Exception):
    """The database file has another layout (another tokscope version's)."""


def _damaged(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says the file is not a database or is damaged (not: busy, locked, full,
    read-only or unreachable, after which the file is kept)."""
    name = getattr(exc, "sqlite_errorname", None)
    if name is not None:
        return name in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
    return type(exc) is sqlite3.DatabaseError


def _busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", None)
    if name is not None:
        return name in ("SQLITE_BUSY", "SQLITE_LOCKED")
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path, timeout=_BUSY_TIMEOUT, check_same_thread=False, isolation_level=None
    )
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # a cache: durable across crashes is enough
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version not in (0, SCHEMA):
            raise _OtherSchema(version)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, record BLOB NOT NULL,"
            " size INTEGER NOT NULL, used REAL NOT NULL)"
        )
        conn.execute("CREATE INDEX IF NOT EXISTS entries_by_use ON entries (used, key)")
        if version == 0:
            conn.execute(f"PRAGMA user_version = {SCHEMA}")
    except BaseException:
        conn.close()
        raise
    conn.isolation_level = "IMMEDIATE"  # ``with conn`` transactions take the write lock at once
    return conn


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


class Store:
    """Entries under ``root``, at most about ``max_size`` bytes after :meth:`evict`."""

    def __init__(self, root: Path, *, max_size: int) -> None:
        self.root = root
        self.max_size = max_size
        self.database = root / DATABASE
        """The SQLite file holding the entries."""
        self._db = _Database(self.database)
        weakref.finalize(self, self._db.flush)  # what is still pending is written at exit

    def get(self, key: str) -> bytes | None:
        """The body stored under ``key``, or None (missing, unreadable or corrupt: removed)."""
        db = self._db
        with db.connection() as conn:
            record = db.pending.get(key)
            if record is None and conn is not None:
                row = conn.execute("SELECT record FROM entries WHERE key = ?", (key,)).fetchone()
                record = row[0] if row is not None else None
            if record is None:
                return None
            head = len(MAGIC) + _DIGEST
            body = record[head:] if isinstance(record, bytes) else b""
            if (
                not isinstance(record, bytes)  # another tool's row
                or record[: len(MAGIC)] != MAGIC
                or record[len(MAGIC) : head] != _digest(body)
            ):
                db.pending.pop(key, None)
                if conn is not None:
                    with conn:
                        conn.execute("DELETE FROM entries WHERE key = ?", (key,))
                return None
            db.touched.add(key)  # recently used: evicted last
            return body
        return None  # an error reading: a miss

    def touch(self, key: str) -> None:
        """Mark the entry under ``key`` (if any) as recently used, without reading it."""
        with self._db.lock:
            self._db.own()
            self._db.touched.add(key)

    def put(self, key: str, body: bytes) -> None:
        """Store ``body`` under ``key`` (written at the next :meth:`flush`, or once the pending
        records pass :data:`FLUSH_BYTES`); a cache that cannot be written is ignored."""
        db = self._db
        record = MAGIC + _digest(body) + body
        with db.lock:
            db.own()
            db.pending_bytes += len(record) - len(db.pending.get(key, b""))
            db.pending[key] = record
            if db.pending_bytes > FLUSH_BYTES:
                db.flush()

    def flush(self) -> None:
        """Write what :meth:`put` and the hits left pending, in one transaction."""
        self._db.flush()

    def info(self) -> StoreInfo:
        """How many entries, and how large."""
        self.flush()
        if self.database.exists():
            with self._db.connection() as conn:
                if conn is not None:
                    query = "SELECT count(*), coalesce(sum(size), 0) FROM entries"
                    n, size = conn.execute(query).fetchone()
                    return StoreInfo(self.root, n, size, self.max_size)
        return StoreInfo(self.root, 0, 0, self.max_size)

    def evict(self) -> int:
        """Remove the least recently used entries until the rest fit in ``max_size``, and the
        entry files older versions kept (nothing reads them now); the number removed."""
        self.flush()
        legacy = _clear_legacy(self.root)
        if not self.database.exists():
            return legacy
        with self._db.connection() as conn:
            if conn is None:
                return 0
            (size,) = conn.execute("SELECT coalesce(sum(size), 0) FROM entries").fetchone()
            if size <= self.max_size:
                return legacy
            doomed: list[tuple[str]] = []
            for key, n in conn.execute("SELECT key, size FROM entries ORDER BY used, key"):
                if size <= self.max_size:
                    break
                doomed.append((key,))
                size -= n
            with conn:
                conn.executemany("DELETE FROM entries WHERE key = ?", doomed)
            return len(doomed) + legacy
        return legacy

    def clear(self) -> int:
        """Remove every entry (and the entry files of older versions); the number removed."""
        self.flush()
        removed = 0
        with self._db.connection() if self.database.exists() else nullcontext() as conn:
            if conn is not None:
                with conn:
                    removed = conn.execute("DELETE FROM entries").rowcount
                conn.isolation_level = None
                try:
                    conn.execute("VACUUM")  # give the space back
                finally:
                    conn.isolation_level = "IMMEDIATE"
        return removed + _clear_legacy(self.root)


def _clear_legacy(root: Path) -> int:
    """Remove the one-file-per-entry layout of older versions (sub-folders named by one or two
    hex digits); the number of entries removed."""
    removed = 0
    with suppress(OSError):
        for folder in [p for p in root.iterdir() if _LEGACY_FOLDER.fullmatch(p.name)]:
            with suppress(OSError):
                for path in folder.iterdir():
                    if path.name.endswith(_LEGACY_SUFFIX):
                        with suppress(OSError):
                            path.unlink()
                            removed += not path.name.startswith(".")
                with suppress(OSError):
                    folder.rmdir()
    return removed


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_DIGEST).digest()


__all__ = ["DATABASE", "FLUSH_BYTES", "MAGIC", "Store", "StoreInfo"]
