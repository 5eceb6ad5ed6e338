"""What this machine has to spare for a process beside the pass
(:mod:`tokscope.stats.engine.beside`): a second core, and memory for a second copy of the
tokenizers."""

from __future__ import annotations

import os
from pathlib import Path


def spare_cores() -> bool:
    """Whether this process may run on more than one core (a process beside it can help)."""
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    return cores > 1


SPARE_MEMORY = 2 << 30
"""The memory that must be available for a process beside to start: it holds a second copy of
the tokenizers (about 600 MB more at the peak for the three default ones)."""


def spare_memory(
    meminfo: Path = Path("/proc/meminfo"),
    cgroups: Path = Path("/proc/self/cgroup"),
    root: Path = Path("/sys/fs/cgroup"),
) -> bool:
    """Whether at least :data:`SPARE_MEMORY` bytes are available: to the system (Linux's
    ``MemAvailable``) and within this process's control group's memory limit (cgroup v2 or
    v1), whichever is less; True where neither can be read."""
    found = (_system_available(meminfo), _group_available(cgroups, root))
    known = [m for m in found if m is not None]
    return min(known, default=SPARE_MEMORY) >= SPARE_MEMORY


def _system_available(meminfo: Path) -> int | None:
    for line in _read(meminfo).splitlines():
        name, _, value = line.partition(":")
        if name == "MemAvailable":
            parts = value.split()
            return int(parts[0]) * 1024 if parts and parts[0].isdigit() else None
    return None


def _group_available(cgroups: Path, root: Path) -> int | None:
    """The limit of this process's memory control group less what it uses (the page cache
    it could give back, ``inactive_file``, not counted); None without a limit."""
    for line in _read(cgroups).splitlines():
        _, controllers, group = line.split(":", 2) if line.count(":") >= 2 else ("", "-", "")
        if controllers == "":  # v2
            names = ("memory.max", "memory.current", "inactive_file")
            folders = (root / group.lstrip("/"), root)
        elif "memory" in controllers.split(","):  # v1
            names = ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
            folders = (root / "memory" / group.lstrip("/"), root / "memory")
        else:
            continue
        for folder in folders:
            limit, used = _read(folder / names[0]).strip(), _read(folder / names[1]).strip()
            if not used.isdigit():
                continue
            if not limit.isdigit() or int(limit) >= 1 << 60:  # "max", or v1's "unlimited"
                return None
            stat = dict(_pair(row) for row in _read(folder / "memory.stat").splitlines())
            return int(limit) - max(0, int(used) - stat.get(names[2], 0))
    return None


def _pair(row: str) -> tuple[str, int]:
    name, _, value = row.partition(" ")
    return name, int(value) if value.strip().isdigit() else 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return ""


__all__ = ["SPARE_MEMORY", "spare_cores", "spare_memory"]
