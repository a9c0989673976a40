"""The seals of the agreement register (``entry_sha256``, agreement/register.py) are not
computed again for a file this tool wrote, or found whole, while the file keeps its size,
modification and change time and inode (any write moves the change time):
``hasil/.cache/kesepakatan-seals.json`` records that stat with the file's SHA-256. A file
changed since, or recorded within ``RACY_NS`` of its last change, is checked by its
content digest; when that differs, every seal is checked, as without the record. A
deleted or damaged record only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

SEALS_MEMO = "kesepakatan-seals.json"


def _memo_path(path: Path) -> Path:
    from ..cache import CACHE_DIR

    return path.parent / CACHE_DIR / SEALS_MEMO


def _sig(st) -> list:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def known(path: Path, st, raw: bytes) -> bool:
    """True when ``raw`` (the file at ``st``) is a register whose seals were all found right."""
    try:
        memo = json.loads(_memo_path(path).read_bytes())
        sig, sha, racy = memo["sig"], memo["sha256"], memo["racy"]
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return False
    if sig == _sig(st) and not racy:
        return True
    if hashlib.sha256(raw).hexdigest() != sha:
        return False
    remember(path, sha)  # the same content, now with this stat
    return True


def remember(path: Path, sha: str) -> None:
    """Record that the register file now at ``path`` (content ``sha``) has every seal right."""
    import time

    from ..reading.files import RACY_NS

    try:
        st = path.stat()
        racy = time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) <= RACY_NS
        memo = _memo_path(path)
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_name(f".{memo.name}.tmp")
        tmp.write_bytes(json.dumps({"sig": _sig(st), "sha256": sha, "racy": racy}).encode())
        os.replace(tmp, memo)
    except OSError:
        pass  # a memo that cannot be written only costs time
