"""Nothing changed since the last ``lelang pk run`` (or ``lelang eval run``): its result,
without redoing a stage (the auction's scheme, :mod:`lelang_xlsx.rerun`, over this round's
files).

The record (``<round>/<Y>/hasil/.cache/rerun.pickle``) holds the run's result (PK: what it
printed and its exit code; the evaluation: its result without the indicators), and the
file system's metadata of everything the round reads or writes: panel.xlsx, the register
and the pacts it names, status-pk.xlsx (PK), every entry of masuk/ and of hasil/ (the
cache aside), the template, the round's other inputs (``extras``: the evaluation's
earlier results and the year's pk.json), plus the options and the tool's code. When the listing is exactly the recorded one the
outputs are already what a full run would write. Files changed within two seconds
before the record are compared by content too. A damaged record is ignored.
"""

from __future__ import annotations

import os
import pickle
import stat
import time
from pathlib import Path

from ..cache import CACHE_DIR, code_salt
from ..output.atomic import write_bytes
from ..reading.files import RACY_NS, sha256_file
from ..rerun import _stat, _walk

RECORD = "rerun.pickle"


def _template(template: Path | None, default=None) -> Path:
    if template is not None:
        return template
    if default is not None:
        return default()
    from .contract import default_template

    return default_template()


def _status(round_) -> Path:
    return getattr(round_, "status", None) or round_.root / "status-pk.xlsx"


def fingerprint(round_, options: tuple, template: Path | None, default=None, extras: tuple = ()) -> tuple:
    """``default``: the round's stock template (PK's when None); ``extras``: other files the
    round reads (their stat; a missing one is None)."""
    auction = round_.auction
    hasil = str(round_.hasil)
    return (
        code_salt(), options,
        _stat(str(_template(template, default))), _stat(str(auction.panel)), _stat(str(round_.register)),
        _walk(str(auction.pakta)), _stat(str(_status(round_))), _stat(str(round_.root)),
        _walk(str(round_.masuk)), _walk(hasil, skip=os.path.join(hasil, CACHE_DIR)),
        tuple((str(p), _stat(str(p))) for p in extras),
    )


def _files(fp: tuple, round_) -> list[Path]:
    """Every regular file of the folder the fingerprint lists (the template is outside
    it: its stat alone is compared)."""
    a = round_.auction
    singles = ((a.panel, fp[3]), (round_.register, fp[4]), (_status(round_), fp[6]))
    singles += tuple((Path(p), st) for p, st in fp[10])
    out = [Path(p) for p, st in singles if st is not None and stat.S_ISREG(st[0])]
    for base, listing in ((a.pakta, fp[5]), (round_.masuk, fp[8]), (round_.hasil, fp[9])):
        out += [base / rel for rel, st in listing if st is not None and stat.S_ISREG(st[0])]
    return out


def _racy(fp: tuple, round_) -> dict[str, str]:
    limit = time.time_ns() - RACY_NS
    out = {}
    for p in _files(fp, round_):
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if max(st.st_mtime_ns, st.st_ctime_ns) > limit:
            out[str(p)] = sha256_file(p)
    return out


def lookup(round_, options: tuple, template: Path | None, default=None, extras: tuple = ()):
    """The recorded result (PK: the text the run printed, its exit code) when nothing
    changed since it was recorded, else None. Costs no import of the round's machinery."""
    try:
        with open(round_.hasil / CACHE_DIR / RECORD, "rb") as fh:
            data = pickle.load(fh)
        if not isinstance(data, dict) or data.get("salt") != code_salt():
            return None
        if data.get("fingerprint") != fingerprint(round_, options, template, default, extras):
            return None
        for path, sha in data["racy"].items():
            if sha256_file(Path(path)) != sha:
                return None
        return data["result"]
    except Exception:  # missing, damaged, from another version: a full run
        return None


def record(round_, options: tuple, template: Path | None, text, code: int | None = None, default=None,
           extras: tuple = ()) -> None:
    """Record the state after a run and what it printed. A run that issued a PK leaves
    what the next full run would leave (its notes do not say "new"), so it is recorded
    too: the re-run right after the first one is the fast one. With ``code`` None, ``text``
    is the result recorded as it is (the evaluation's)."""
    path = round_.hasil / CACHE_DIR / RECORD
    try:
        fp = fingerprint(round_, options, template, default, extras)
        result = text if code is None else (text, code)
        data = {"salt": code_salt(), "result": result, "fingerprint": fp, "racy": _racy(fp, round_)}
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, pickle.dumps(data, protocol=5))
    except Exception:  # only costs the next run its shortcut
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def forget(round_) -> None:
    try:
        (round_.hasil / CACHE_DIR / RECORD).unlink(missing_ok=True)
    except OSError:
        pass
