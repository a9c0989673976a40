"""Content-hash cache for incremental re-runs (after black's cache.py).

Two things are cached in ``hasil/.cache/``:

* check results: a submission's findings and data, keyed by the file's SHA-256, its
  display name, the panel workbook's SHA-256 and the limits;
* derived outputs (annotated copies, pacts): an output is rewritten only when the key
  it was derived from changed or the file on disk is not the one we wrote.

Every key is salted with the tool version and a hash of the package's own source and
templates, so a new version, a changed rule or a changed template invalidates
everything that depends on it. A damaged cache is ignored, never fatal.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import zlib
from pathlib import Path

from . import __version__
from .atomic import write_bytes
from .files import sha256_file

CACHE_DIR = ".cache"


@functools.lru_cache(maxsize=1)
def code_salt() -> str:
    """Tool version + hash of every source file of the package."""
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):  # subpackages too (agreement/, recap/, …)
        h.update(p.relative_to(pkg).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:32]


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
        self._checks: dict[str, object] = {}
        self._outputs: dict[str, dict] = {}
        self._blobs: dict[str, bytes] = {}
        self._touched: set[str] = set()
        self._dirty = False
        if enabled:
            self._checks = self._load("checks.pickle", dict)
            self._outputs = self._load("outputs.pickle", dict)
            self._blobs = self._load("stages.pickle", dict)

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

    # -- check results
    def get_check(self, key: str):
        return self._checks.get(key) if self.enabled else None

    def put_check(self, key: str, value) -> None:
        if self.enabled:
            self._checks[key] = value
            self._dirty = True

    def prune_checks(self, live: set[str]) -> None:
        for k in list(self._checks):
            if k not in live:
                del self._checks[k]
                self._dirty = True

    # -- results of later stages (offers resolution), kept only while used
    def get_blob(self, key: str):
        if not self.enabled or key not in self._blobs:
            return None
        self._touched.add(key)
        try:
            return pickle.loads(zlib.decompress(self._blobs[key]))
        except Exception:
            return None

    def put_blob(self, key: str, value) -> None:
        if self.enabled:
            self._blobs[key] = zlib.compress(pickle.dumps(value, protocol=5), 1)
            self._touched.add(key)
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
        if not (self.enabled and self._dirty):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            salt = code_salt()
            self._blobs = {k: v for k, v in self._blobs.items() if k in self._touched}
            write_bytes(self.folder / "stages.pickle", pickle.dumps({"salt": salt, "items": self._blobs}, protocol=5))
            write_bytes(self.folder / "checks.pickle", pickle.dumps({"salt": salt, "items": self._checks}, protocol=5))
            write_bytes(self.folder / "outputs.pickle", pickle.dumps({"salt": salt, "items": self._outputs}, protocol=5))
            self._dirty = False
        except OSError:
            pass  # a cache that cannot be written only costs time


class NoCache(Cache):
    def __init__(self):
        super().__init__(Path("."), enabled=False)
