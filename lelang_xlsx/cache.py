"""Content-hash cache for incremental re-runs (after black's cache.py).

Three things are cached in ``hasil/.cache/``:

* check results: a submission's findings and data, keyed by the file's SHA-256, its
  display name, the panel workbook's SHA-256 and the limits, one file per submission in
  ``checks/`` (written as each result arrives, read only when asked for: the main
  process never holds the results of the whole auction as bytes);
* results of later stages (the offer resolution, the recap's row blocks per OPD), one
  file each in ``stages/``, read when asked for and kept while runs use them;
* derived outputs (annotated copies, pacts): an output is rewritten only when the key
  it was derived from changed or the file on disk is not the one we wrote.

Every key is salted with the tool version and a hash of the package's own source and
templates, so a new version, a changed rule or a changed template invalidates
everything that depends on it. A damaged cache is ignored, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import zlib
from pathlib import Path

from . import __version__
from .output.atomic import write_bytes
from .reading.files import sha256_file

CACHE_DIR = ".cache"


_SALT: list[str] = []  # the salt of this process, once known


def code_salt() -> str:
    """Tool version + hash of every source file of the package."""
    if not _SALT:
        _SALT.append(_hash_sources(_sources()))
    return _SALT[0]


def _sources() -> list[Path]:
    """The package's source files, subpackages too (agreement/, recap/, …), as
    ``Path.rglob("*.py")`` finds them (a linked folder is not entered), sorted."""
    pkg = Path(__file__).resolve().parent
    out: list[Path] = []
    todo = [str(pkg)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    todo.append(e.path)
                elif e.name.endswith(".py"):
                    out.append(Path(e.path))
    return sorted(out)


def _hash_sources(paths: list[Path]) -> str:
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent
    for p in paths:
        h.update(p.relative_to(pkg).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:32]


SALT_MEMO = "salt.json"


def remember_salt(folder: Path) -> str:
    """:func:`code_salt` without reading the sources when ``folder`` (a run's cache
    folder) recorded it for the same source files: the same names, sizes, modification
    and change times and inodes (an edit moves the change time). Files changed within
    the last seconds are hashed (their stat could hold across a change)."""
    if _SALT:
        return _SALT[0]
    import time

    from .reading.files import RACY_NS

    paths = _sources()
    stats = [(p.as_posix(), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
             for p, st in ((p, p.stat()) for p in paths)]
    state = hashlib.sha256(json.dumps([__version__, stats]).encode()).hexdigest()
    try:
        memo = json.loads((folder / SALT_MEMO).read_bytes())
        if memo["state"] == state and isinstance(memo["salt"], str):
            _SALT.append(memo["salt"])
            return memo["salt"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    salt = _hash_sources(paths)
    _SALT.append(salt)
    if max((max(s[2], s[3]) for s in stats), default=0) < time.time_ns() - RACY_NS:
        _write_quietly(folder, SALT_MEMO, json.dumps({"state": state, "salt": salt}).encode())
    return salt


def digest(*parts: object) -> str:
    h = hashlib.sha256(code_salt().encode())
    for part in parts:
        h.update(b"\x00")
        h.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str, ensure_ascii=False).encode())
    return h.hexdigest()


class Cache:
    def __init__(self, hasil: Path, enabled: bool = True):
        self.folder = hasil / CACHE_DIR
        self.enabled = enabled
        self._outputs: dict[str, dict] = {}
        self._touched: set[str] = set()
        self._dirty = False
        self._checks_dir = self.folder / "checks"
        self._blobs_dir = self.folder / "stages"
        self._hashes: dict = {}
        if enabled:
            self._outputs = self._load("outputs.pickle", dict)
            self._learn_digests()

    # -- file digests of earlier runs (reading/files.py sha256_file): a file whose stat is
    # the one recorded is not read again to be hashed
    def _learn_digests(self) -> None:
        from .reading import files

        try:
            with open(self.folder / HASHES, "rb") as fh:
                data = pickle.load(fh)
            items = data["items"] if isinstance(data, dict) and data.get("v") == 1 else {}
            good = {k: v for k, v in items.items() if _digest_item(k, v)}
        except Exception:  # missing or damaged: every file is hashed once, as without it
            return
        files.learn_digests(good)
        self._hashes = good

    def _keep_digests(self) -> None:
        from .reading import files

        items = files.known_digests()
        if items != self._hashes:
            _write_quietly(self.folder, HASHES, pickle.dumps({"v": 1, "items": items}, protocol=5))
            self._hashes = items

    def _load(self, name: str, default):
        path = self.folder / name
        try:
            with open(path, "rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, dict) and data.get("salt") == code_salt():
                return data["items"]
        except Exception:  # missing, damaged or from another version: start afresh
            pass
        return default()

    # -- check results (bytes), one file each; the key is a digest, so it is a safe file name
    def get_check(self, key: str):
        if not self.enabled:
            return None
        try:
            return (self._checks_dir / f"{key}.pickle").read_bytes()
        except OSError:
            return None

    def check_path(self, key: str) -> Path | None:
        """Where the result under ``key`` is kept (it may not exist): read in parts by
        checking/stored.py."""
        return self._checks_dir / f"{key}.pickle" if self.enabled else None

    def put_check(self, key: str, value: bytes) -> None:
        if not self.enabled:
            return
        _write_quietly(self._checks_dir, f"{key}.pickle", value)

    def prune_checks(self, live: set[str]) -> None:
        if not self.enabled:
            return
        try:
            names = os.listdir(self._checks_dir)
        except OSError:
            return
        for name in names:
            if name.endswith(".pickle") and name[:-7] in live:
                continue
            try:
                os.unlink(self._checks_dir / name)
            except OSError:
                pass

    # -- results of later stages (the offer resolution, recap row blocks per OPD), one file
    # each, read when asked for; kept only while a run uses them
    def get_blob(self, key: str):
        if not self.enabled:
            return None
        try:
            data = (self._blobs_dir / key).read_bytes()
        except OSError:
            return None
        self._touched.add(key)
        try:
            return pickle.loads(zlib.decompress(data))
        except Exception:
            return None

    def put_blob(self, key: str, value) -> None:
        if self.enabled:
            self._touched.add(key)
            self._dirty = True
            _write_quietly(self._blobs_dir, key, zlib.compress(pickle.dumps(value, protocol=5), 1))

    def has_blob(self, key: str) -> bool:
        return self.enabled and (self._blobs_dir / key).is_file()

    def keep_blobs(self, keys) -> None:
        """Keep these blobs at :meth:`save` (used by this run, perhaps in another process)."""
        if self.enabled:
            self._touched.update(keys)
            self._dirty = True

    # -- derived outputs
    def output_fresh(self, path: Path, key: str) -> bool:
        if not self.enabled:
            return False
        rec = self._outputs.get(str(path))
        if not rec or rec["key"] != key or not path.is_file():
            return False
        st = path.stat()
        if (st.st_size, st.st_mtime_ns) == (rec["size"], rec["mtime"]):
            return True
        return sha256_file(path) == rec["sha256"]

    def record_output(self, path: Path, key: str) -> None:
        if not self.enabled:
            return
        st = path.stat()
        self._outputs[str(path)] = {"key": key, "size": st.st_size, "mtime": st.st_mtime_ns, "sha256": sha256_file(path)}
        self._dirty = True

    def save(self) -> None:
        if self.enabled:
            self._keep_digests()
        if not (self.enabled and self._dirty):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            salt = code_salt()
            for name in os.listdir(self._blobs_dir) if self._blobs_dir.is_dir() else []:
                if name not in self._touched:
                    (self._blobs_dir / name).unlink(missing_ok=True)
            (self.folder / "stages.pickle").unlink(missing_ok=True)  # the single-file layout of earlier versions
            (self.folder / "checks.pickle").unlink(missing_ok=True)  # the single-file layout of earlier versions
            write_bytes(self.folder / "outputs.pickle", pickle.dumps({"salt": salt, "items": self._outputs}, protocol=5))
            self._dirty = False
        except OSError:
            pass  # a cache that cannot be written only costs time


HASHES = "digests.pickle"


def _digest_item(key, value) -> bool:
    """A kept digest of the shape reading/files.py keeps: ((dev, ino), ((size, mtime, ctime), sha256 hex))."""
    return (isinstance(key, tuple) and len(key) == 2 and all(type(x) is int for x in key)
            and isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple) and len(value[0]) == 3
            and all(type(x) is int for x in value[0]) and isinstance(value[1], str) and len(value[1]) == 64)


def _write_quietly(folder: Path, name: str, data: bytes) -> None:
    """A cache file: written whole then renamed, no fsync (a file lost in a crash only costs time)."""
    tmp = folder / f".{name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)
    except OSError:
        pass


class NoCache(Cache):
    def __init__(self):
        super().__init__(Path("."), enabled=False)
