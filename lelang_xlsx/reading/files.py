"""Discovery of submissions in ``masuk/`` (its own step, like black's files.py)."""

from __future__ import annotations

import hashlib
import os
import time
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


def hidden_files(folder: Path) -> list[str]:
    """Hidden files in ``folder`` that are not spreadsheet lock files: not read (the
    contract ignores them) but named in the run's summary, so nobody waits for them."""
    if not folder.is_dir():
        return []
    return sorted(e.name for e in os.scandir(folder) if e.name.startswith(".") and not e.name.startswith((".~lock.", "._"))
                  and e.name not in (".DS_Store",))


def discover(folder: Path) -> list[Candidate]:
    """Every file directly in ``folder`` except lock and hidden files, sorted by name; a
    subfolder is a candidate with its problem (LK101).

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
        if entry.is_dir(follow_symlinks=False):  # reported, not skipped: the OPD would show as not having sent
            out.append(Candidate(Path(entry.path), entry.name, "ini folder, bukan berkas; isi folder di dalam masuk/ "
                                                               "tidak diperiksa. Pindahkan formulirnya langsung ke masuk/"))
            continue
        if not entry.is_file(follow_symlinks=False):
            out.append(Candidate(Path(entry.path), entry.name, "bukan berkas biasa"))
            continue
        out.append(Candidate(Path(entry.path), entry.name))
    return out


# A file changed less than this long ago may change again within the same timestamp tick
# (a few ms on many file systems) without its stat changing: its digest is not kept
# (git's "racily clean" entries).
RACY_NS = 2_000_000_000
_HASHED: dict[tuple, tuple[tuple, str]] = {}  # (device, inode) -> (stat when hashed, SHA-256); kept by cache.py


def known_digests() -> dict[tuple, tuple[tuple, str]]:
    """The digests kept so far (lelang_xlsx/cache.py keeps them for the next run)."""
    return dict(_HASHED)


def learn_digests(items: dict) -> None:
    """Digests an earlier run kept; used only while a file's stat is the one recorded
    (size, modification and change time, device and inode: any write moves the change time)."""
    for key, value in items.items():
        if key not in _HASHED and len(_HASHED) < 100_000:
            _HASHED[key] = value


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's content. A run hashes the same file several times (the cache,
    the register, the manifest); the digest is reused while the file's size, modification
    and change time and inode are those it had when it was hashed (any write moves the
    change time) and it was last changed long enough ago (``RACY_NS``)."""
    st = os.stat(path)
    key = (st.st_dev, st.st_ino)  # a hard link (hasil/per-opd/) shares its original's digest
    sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    known = _HASHED.get(key)
    if known is not None and known[0] == sig:
        return known[1]
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    if st.st_ino and time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:  # no inode number: no memo
        if len(_HASHED) > 100_000:
            _HASHED.clear()
        _HASHED[key] = (sig, h.hexdigest())
    return h.hexdigest()


def place_copy(src: Path, dest: Path) -> None:
    """Make ``dest`` hold a copy of what ``src`` holds, replaced atomically; nothing is done
    when it already holds the same bytes in a file of its own. Never a hard link: a copy
    sent on (a per-OPD folder) and edited must not change the issued file it came from
    (an older run's link is broken here)."""
    import filecmp
    import shutil

    from ..output.atomic import atomic_path

    if dest.is_file() and not os.path.samefile(src, dest):
        if dest.stat().st_size == src.stat().st_size and (
                sha256_file(src) == sha256_file(dest) or filecmp.cmp(src, dest, shallow=False)):
            return  # already the same content (digests kept while the stat holds, else read)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(dest) as out:
        shutil.copyfile(src, out)
