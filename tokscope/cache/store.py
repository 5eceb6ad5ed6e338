"""A folder of content-addressed entries: atomic writes, checked reads, least recently used out.

Each entry is one file named by its key (a hex digest), in a sub-folder of the key's first two
characters. A file holds a magic line, a BLAKE2 digest of the body and the body, so a truncated
or edited entry is noticed, removed and treated as missing. Writes go to a temporary file in the
same folder and are moved into place with :func:`os.replace`, so two runs writing the same entry
at once leave one whole entry (the same bytes, as the key is the content's). A hit touches the
file's modification time: the oldest files are the least recently used, and :meth:`Store.evict`
removes them until the folder fits its size bound.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"tokscope-cache 1\n"
"""The first bytes of every entry (the format version: a new format ignores old entries)."""

_DIGEST = 16
_SUFFIX = ".entry"


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


class Store:
    """Entries under ``root``, at most about ``max_size`` bytes after :meth:`evict`."""

    def __init__(self, root: Path, *, max_size: int) -> None:
        self.root = root
        self.max_size = max_size

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / (key + _SUFFIX)

    def get(self, key: str) -> bytes | None:
        """The body stored under ``key``, or None (missing, unreadable or corrupt: removed)."""
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        head = len(MAGIC) + _DIGEST
        body = data[head:]
        if data[: len(MAGIC)] != MAGIC or data[len(MAGIC) : head] != _digest(body):
            self._remove(path)
            return None
        with suppress(OSError):
            os.utime(path)  # recently used: evicted last
        return body

    def touch(self, key: str) -> None:
        """Mark the entry under ``key`` (if any) as recently used, without reading it."""
        with suppress(OSError):
            os.utime(self._path(key))

    def put(self, key: str, body: bytes) -> None:
        """Store ``body`` under ``key`` atomically; a cache that cannot be written is ignored."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=_SUFFIX)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + _digest(body) + body)
            os.replace(tmp, path)
        except OSError:
            self._remove(Path(tmp))

    def _entries(self) -> list[tuple[float, int, Path]]:
        found: list[tuple[float, int, Path]] = []
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir()]
        except OSError:
            return found
        for folder in folders:
            try:
                with os.scandir(folder) as it:
                    for entry in it:
                        if entry.name.endswith(_SUFFIX) and not entry.name.startswith("."):
                            st = entry.stat()
                            found.append((st.st_mtime, st.st_size, Path(entry.path)))
            except OSError:
                continue
        return found

    def info(self) -> StoreInfo:
        """How many entries, and how large."""
        entries = self._entries()
        return StoreInfo(self.root, len(entries), sum(e[1] for e in entries), self.max_size)

    def evict(self) -> int:
        """Remove the least recently used entries until the rest fit in ``max_size``; the
        number removed."""
        entries = self._entries()
        size = sum(e[1] for e in entries)
        if size <= self.max_size:
            return 0
        removed = 0
        for _mtime, n, path in sorted(entries, key=lambda e: (e[0], str(e[2]))):
            if size <= self.max_size:
                break
            self._remove(path)
            size -= n
            removed += 1
        return removed

    def clear(self) -> int:
        """Remove every entry; the number removed."""
        entries = self._entries()
        for _mtime, _n, path in entries:
            self._remove(path)
        return len(entries)

    @staticmethod
    def _remove(path: Path) -> None:
        with suppress(OSError):
            path.unlink()


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=_DIGEST).digest()


__all__ = ["MAGIC", "Store", "StoreInfo"]
