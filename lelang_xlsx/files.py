"""Discovery of submissions in ``masuk/`` (its own step, like black's files.py)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Candidate:
    path: Path
    display: str  # name shown in findings and used for the annotated copy
    problem: str = ""  # non-empty: reported as LK101 without reading


def is_ignored(name: str) -> bool:
    """Spreadsheet lock files and hidden files are not submissions."""
    return name.startswith(("~$", ".~lock.", ".")) or name.endswith("#") and name.startswith(".~lock")


def discover(folder: Path) -> list[Candidate]:
    """Every file directly in ``folder`` except lock and hidden files, sorted by name.

    Symbolic links are never followed (one could point outside the folder).
    """
    out: list[Candidate] = []
    if not folder.is_dir():
        return out
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if is_ignored(entry.name):
            continue
        if entry.is_symlink():
            out.append(Candidate(Path(entry.path), entry.name, "tautan simbolik (symlink) tidak diikuti; salin berkas aslinya ke folder masuk/"))
            continue
        if entry.is_dir(follow_symlinks=False):
            continue
        if not entry.is_file(follow_symlinks=False):
            out.append(Candidate(Path(entry.path), entry.name, "bukan berkas biasa"))
            continue
        out.append(Candidate(Path(entry.path), entry.name))
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
