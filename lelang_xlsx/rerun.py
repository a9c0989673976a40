"""Nothing changed since the last ``lelang run``: reuse its result without redoing a stage.

``make``'s up-to-date check for the whole batch. At the end of a run the state of the
auction folder is recorded in ``hasil/.cache/rerun.pickle``: every file the run reads or
writes (panel.xlsx, penawaran.xlsx, every entry of ``masuk/``, every file under ``hasil/``
except the cache) with its size, modification and change time and inode, plus the
options, the tool's code and the default pact template. The next run with the same
options first lists the folder again (a few milliseconds, no file is opened); when the
listing is exactly the recorded one, the run's outputs are already what a full run would
write, and the recorded result is returned as a full run on unchanged inputs would
report it (no pact new in this run, the offer workbook unchanged).

Anything else is a full run: a file added, removed, copied over, touched or edited (the
change time moves with every write and cannot be set back by an editor; on Windows,
where it is the creation time, the modification time does the same work), another
option, another tool version. Files changed in the last two seconds before the record
are also compared by content (a change within one timestamp tick keeps the stat). A run that repaired something (a pact archived or
adopted again, the register or the Status OPD sheet rebuilt: ``TRANSIENT``) is not
recorded, so the run after it is a full one. A damaged record is ignored.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from pathlib import Path

from .output.atomic import write_bytes
from .cache import CACHE_DIR, code_salt
from .reading.files import RACY_NS, sha256_file

RECORD = "rerun.pickle"
# Findings about what a run repaired (the register rebuilt, the Status OPD sheet written
# again): the run after it does not report them, so a run holding them is not recorded.
TRANSIENT = {"LK511", "LK512"}


def _stat(path: str) -> tuple | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _walk(folder: str, skip: str | None = None) -> list[tuple]:
    """(relative path, stat) of every entry below ``folder``, symlinks not followed."""
    out: list[tuple] = []
    todo = [folder]
    while todo:
        d = todo.pop()
        try:
            entries = list(os.scandir(d))
        except OSError:
            out.append((os.path.relpath(d, folder), None))
            continue
        for e in entries:
            if e.path == skip:
                continue
            out.append((os.path.relpath(e.path, folder), _stat(e.path)))
            if e.is_dir(follow_symlinks=False):
                todo.append(e.path)
    out.sort(key=lambda x: x[0])
    return out


def fingerprint(auction, options: tuple) -> tuple:
    """What a run depends on and what it leaves behind, from the file system's metadata."""
    return tuple(_parts(auction, options))


def _parts(auction, options: tuple):
    """The parts of :func:`fingerprint`, each worked out when asked for (a lookup stops at
    the first that differs: a resubmitted form is found before hasil/ is listed)."""
    from .documents.pact_context import default_template

    root = str(auction.root)
    hasil = str(auction.hasil)
    yield code_salt()
    yield options
    yield _stat(str(default_template()))
    yield _stat(str(auction.panel))
    yield _stat(str(auction.penawaran))
    yield _stat(root)  # a file added next to panel.xlsx (e.g. a restored penawaran backup)
    yield _walk(str(auction.masuk))
    yield _walk(hasil, skip=os.path.join(hasil, CACHE_DIR))


def _racy_digests(auction, fp: tuple) -> dict[str, str]:
    """SHA-256 of the files changed within ``RACY_NS`` of now: a change right after the
    record could keep their size and times (one timestamp tick), so their content is
    compared too (git's "racily clean" entries)."""
    import stat
    import time

    limit = time.time_ns() - RACY_NS
    out: dict[str, str] = {}
    folders = {6: auction.masuk, 7: auction.hasil}
    singles = {3: auction.panel, 4: auction.penawaran}
    for i, path in singles.items():
        st = fp[i]
        if st is not None and stat.S_ISREG(st[0]) and max(st[2], st[3]) > limit:
            out[str(path)] = sha256_file(path)
    for i, folder in folders.items():
        for rel, st in fp[i]:
            if st is not None and stat.S_ISREG(st[0]) and max(st[2], st[3]) > limit:
                out[str(folder / rel)] = sha256_file(folder / rel)
    return out


def options_key(limits, template, pdf: bool) -> tuple:
    return (repr(limits), None if template is None else (str(template), _stat(str(template))), bool(pdf))


def _path(auction) -> Path:
    return auction.hasil / CACHE_DIR / RECORD


def lookup(auction, options: tuple):
    """The recorded result when nothing changed since it was recorded, else None."""
    try:
        with open(_path(auction), "rb") as fh:
            data = pickle.load(fh)
        if not isinstance(data, dict) or data.get("salt") != code_salt():
            return None
        recorded = data.get("fingerprint")
        if not isinstance(recorded, tuple) or len(recorded) != 8:
            return None
        if any(was != now for was, now in zip(recorded, _parts(auction, options))):
            return None
        for path, sha in data["racy"].items():  # changed just before the record: compared by content
            if sha256_file(Path(path)) != sha:
                return None
        return data["result"]
    except Exception:  # missing, damaged, from another version: a full run
        return None


def record(auction, options: tuple, result) -> None:
    """Record the state after a run, with ``result`` as a re-run would report it."""
    path = _path(auction)
    pacts = result.pacts
    try:
        transient = any(f.code in TRANSIENT for f in result.report.general)
        if pacts.withdrawn or pacts.adopted or transient:  # this run repaired something: the next one looks again
            path.unlink(missing_ok=True)
            return
        steady = dataclasses.replace(result, pacts=dataclasses.replace(pacts, new=[], adopted=[]))
        update = result.offers_update
        if update is not None and dataclasses.is_dataclass(update):
            from .agreement.outcome import UNCHANGED

            steady.offers_update = dataclasses.replace(update, status=UNCHANGED, added=0, marked=0, restored=0,
                                                       backup=None, upgraded=False, status_recreated=False,
                                                       sessions=None)  # read back without the offer machinery
        fp = fingerprint(auction, options)
        data = {"salt": code_salt(), "result": steady, "fingerprint": fp, "racy": _racy_digests(auction, fp)}
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, pickle.dumps(data, protocol=5))
    except Exception:  # a record that cannot be written only costs the next run its shortcut
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def forget(auction) -> None:
    try:
        _path(auction).unlink(missing_ok=True)
    except OSError:
        pass

