"""The agreement register as the last run of a round loaded it, kept in the round's cache.

Loading ``kesepakatan.json`` validates every entry's seal and builds every agreement: at
1,000 OPDs a few seconds, the largest fixed cost of a round's re-run. What the load
depends on is the register's bytes (compared by SHA-256), the pact files of the agreements
in force (compared by their stat: size, modification and change time, inode; a pact written
within the last two seconds also by its SHA-256), where
the auction is, and the tool's code. When all of these are as recorded, the recorded
register is returned; anything else (or a damaged memo) loads the register as always.
Only a run uses the memo: ``lelang <round> check`` writes nothing in the auction.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from ..agreement.agreed import Register, load_register
from ..cache import code_salt
from ..reading.files import RACY_NS, sha256_file

MEMO = "register.pickle"


def _pacts(register: Register, root: Path) -> dict[str, tuple | None]:
    from ..rerun import _stat

    return {a.pakta: _stat(str(root / a.pakta)) for a in register.opd.values() if a.pakta}


def load(path: Path, root: Path, memo: Path | None) -> Register:
    """:func:`load_register`, answered from ``memo`` (a file) when nothing it depends on changed."""
    if memo is None or not path.is_file():
        return load_register(path, root)
    try:
        sha = sha256_file(path)
        with open(memo, "rb") as fh:
            data = pickle.load(fh)
        if (data["salt"], data["sha"], data["path"], data["root"]) == (code_salt(), sha, str(path), str(root)):
            register = pickle.loads(data["register"])
            if isinstance(register, Register) and _pacts(register, root) == data["pacts"] and \
                    all(sha256_file(root / rel) == digest for rel, digest in data["racy"].items()):
                register.keep_pickled(data["register"])
                return register
    except Exception:  # missing, damaged, from another version: loaded as always
        pass
    register = load_register(path, root)
    _store(memo, path, root, register)
    return register


def _store(memo: Path, path: Path, root: Path, register: Register) -> None:
    try:
        pacts = _pacts(register, root)
        recent = time.time_ns() - RACY_NS
        # a pact written just now could change within one timestamp tick: compared by content too
        racy = {rel: sha256_file(root / rel) for rel, st in pacts.items() if st is None or max(st[2], st[3]) > recent}
        blob = pickle.dumps(register, protocol=5)
        data = pickle.dumps({"salt": code_salt(), "sha": register.sha256, "path": str(path), "root": str(root),
                             "pacts": pacts, "racy": racy, "register": blob}, protocol=5)
        register.keep_pickled(blob)
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_name(f".{memo.name}.tmp")  # written whole then renamed; no fsync: a lost memo costs time
        tmp.write_bytes(data)
        os.replace(tmp, memo)
    except Exception:  # only costs the next run the shortcut
        try:
            memo.unlink(missing_ok=True)
        except OSError:
            pass
