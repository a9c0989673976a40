"""One run per auction folder at a time.

A command that writes into an auction folder holds ``<folder>/hasil/.cache/lelang-berjalan.lock``
(created exclusively; it names the process, the computer and the command; inside the
cache folder so that it changes nothing the unchanged-run shortcut looks at). A second
command on the same folder stops with a clear message instead of writing the same
outputs at the same time (two runs would both announce the same new pacts). A lock left
by a run that was killed is recovered: its process is no longer alive on this computer,
or it is older than :data:`STALE_AFTER` when it comes from another computer (a shared
folder) or cannot be read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import time
from pathlib import Path
from typing import Iterator

from .errors import LelangError

LOCK_FILE = "lelang-berjalan.lock"
STALE_AFTER = 12 * 3600  # seconds: a lock from another computer (or unreadable) older than this is a leftover
_YOUNG = 10  # seconds: an unreadable lock this young may be one being written right now


class FolderBusy(LelangError):
    """Another command is working on the same auction folder."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _stale(path: Path, info: dict | None) -> bool:
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return True  # gone meanwhile: try again
    if info is None:
        return age > _YOUNG
    pid = info.get("pid")
    if info.get("komputer") == socket.gethostname() and isinstance(pid, int):
        return not _alive(pid)  # the run that held it was killed
    return age > STALE_AFTER


def _busy_message(root: Path, path: Path, info: dict | None) -> str:
    if info is None:
        who = "proses lain"
    else:
        who = (f"'lelang {info.get('perintah', '?')}' (proses {info.get('pid', '?')} di komputer "
               f"{info.get('komputer', '?')}, mulai {info.get('mulai', '?')})")
    return (f"Folder lelang '{root}' sedang dipakai oleh {who}. Tunggu sampai proses itu selesai, lalu jalankan "
            f"ulang. Bila yakin tidak ada proses lelang yang berjalan, hapus berkas {path}.")


def lock_path(root: Path) -> Path:
    from . import contract as C
    from .cache import CACHE_DIR

    return Path(root) / C.HASIL_DIR / CACHE_DIR / LOCK_FILE


@contextlib.contextmanager
def run_lock(root: Path, command: str) -> Iterator[Path]:
    """Hold the folder's lock for the duration of the block; raises :class:`FolderBusy`."""
    path = lock_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # hasil/ cannot be written: the command itself says so
        yield path
        return
    mine = {"pid": os.getpid(), "komputer": socket.gethostname(), "perintah": command,
            "mulai": dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")}
    for _ in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            info = _read(path)
            if _stale(path, info):
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            raise FolderBusy(_busy_message(Path(root), path, info)) from None
        except OSError:  # the cache folder cannot be written: the command itself says what cannot
            yield path
            return
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(mine, fh, ensure_ascii=False)
        break
    else:
        raise FolderBusy(_busy_message(Path(root), path, _read(path)))
    try:
        yield path
    finally:
        if _read(path) == mine:  # still ours (not removed and retaken by someone else)
            with contextlib.suppress(OSError):
                path.unlink()
