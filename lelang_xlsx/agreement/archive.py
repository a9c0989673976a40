"""Withdrawn pacts go to ``hasil/arsip/`` with their issue date, never deleted."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
from pathlib import Path

from ..output import atomic
from .. import contract as C
from ..errors import OutputError


def stamp(iso: str | None, fallback: Path | None = None) -> str:
    try:
        return dt.datetime.fromisoformat(str(iso)).strftime("%Y%m%d-%H%M%S")
    except (TypeError, ValueError):
        pass
    if fallback is not None and fallback.exists():
        return dt.datetime.fromtimestamp(fallback.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, or with ``-2``, ``-3``… when taken (nothing in the archive is overwritten)."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def archive_path(hasil: Path, name: str, when: str) -> Path:
    p = Path(name)
    return free_path(hasil / C.ARSIP_DIR, f"{p.stem}-terbit-{when}", p.suffix)


def archive_file(hasil: Path, path: Path, when: str) -> Path | None:
    """Move one file into the archive; returns where it went (None when it was not there)."""
    if not path.is_file():
        return None
    dest = archive_path(hasil, path.name, when)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(path, dest)
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # e.g. a read-only folder: nothing was moved
            raise _cannot_move(path, exc) from None
        _copy_then_remove(path, dest)
    return dest


def _copy_then_remove(path: Path, dest: Path) -> None:
    """Across file systems: copy, then remove the original; the copy is undone when that fails."""
    try:
        shutil.copy2(path, dest)
        path.unlink()
    except OSError as exc:
        dest.unlink(missing_ok=True)
        raise _cannot_move(path, exc) from None


def _cannot_move(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        f"Berkas {path.name} tidak dapat dipindahkan dari folder {path.parent} ke arsip ({reason}). "
        f"Periksa izin tulis folder {path.parent} (mungkin hanya-baca), lalu jalankan lagi; "
        "tidak ada yang diubah untuk berkas ini.")


def archive_bytes(hasil: Path, name: str, data: bytes, when: str) -> Path:
    dest = archive_path(hasil, name, when)
    dest.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(dest, data)
    return dest

