"""Folder trees for tests and benchmarks: deleting one however deep it is."""

from __future__ import annotations

import os
from pathlib import Path


def remove_tree(top: Path) -> None:
    """Delete the folder ``top`` and all it holds, without recursion.

    ``shutil.rmtree`` (and so pytest's clean-up of old temporary folders) recurses once per
    level and fails on a chain of a thousand nested folders; this walks the tree with a list.
    Links are removed, never followed.
    """
    folders = [os.fsencode(top)]
    pending = list(folders)
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    pending.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):  # children were listed after their parents
        os.rmdir(folder)
