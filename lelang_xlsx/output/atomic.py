"""Atomic output: write to a temporary file beside the target, then ``os.replace``.

A run killed midway never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def short_suffix(target: Path) -> str:
    """The target's extension for a temporary name beside it, when it is a short one: a
    temporary name never lengthens the user's name (a legal 240-byte name stays legal)."""
    suffix = target.suffix
    return suffix if len(suffix.encode("utf-8", "surrogateescape")) <= 16 else ""


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, guard: Callable[[], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success move it into place.
    ``guard()``, when given, runs just before the move; raising leaves the target as it is."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=short_suffix(target), dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        with open(tmp_path, "rb") as fh:
            os.fsync(fh.fileno())
        if guard is not None:
            guard()
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def write_with(target: str | os.PathLike, writer: Callable[[Path], None], guard: Callable[[], None] | None = None) -> None:
    """Call ``writer(tmp_path)`` and move the result into place atomically (``guard``: see :func:`atomic_path`)."""
    with atomic_path(target, guard) as tmp:
        writer(tmp)


def clean_stale_temps(folder: str | os.PathLike, recursive: bool = True) -> int:
    """Remove ``.tmp-*`` files left by a killed run. Returns how many were removed."""
    n = 0
    folder = Path(folder)
    if folder.is_dir():
        for p in (folder.rglob(".tmp-*") if recursive else folder.glob(".tmp-*")):
            with contextlib.suppress(OSError):
                p.unlink()
                n += 1
    return n
