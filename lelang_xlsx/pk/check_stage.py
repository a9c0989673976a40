"""Checking the PK forms in masuk/: in the run's worker processes, unchanged files from the
cache, the annotated copy written by the worker that checked the file (the evaluation
round's scheme, see :mod:`lelang_xlsx.evaluasi.run`)."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from dataclasses import asdict
from pathlib import Path

from .. import contract as C
from ..cache import Cache, NoCache, digest
from ..checking.checker import CheckResult, annotation_items, annotation_key
from ..checking.findings import Pos, make
from ..pipeline import Progress, _noop
from ..reading.files import discover, sha256_file
from ..reading.xlsxread import Limits
from ..workbooks.annotate import annotate
from ..workers import Workers, borrowed
from ..evaluasi.run import round_heading
from .checks import check_form, cross_checks
from .reader import PkForm, read_form
from .setup import Setup


def check_one(path: Path, display: str, s: Setup, limits: Limits, problem: str = "") -> PkForm:
    """Read and check one form; any failure becomes that file's finding."""
    year = s.year
    if problem:
        sub = PkForm(path=display, year=year)
        sub.findings.append(make("LK101", Pos(display), detail=problem))
        return sub
    try:
        sha = sha256_file(path)
    except OSError as exc:
        sub = PkForm(path=display, year=year)
        sub.findings.append(make("LK101", Pos(display), detail=f"berkas tidak dapat dibuka ({exc.strerror})"))
        return sub
    try:
        sub = read_form(path, display, year, limits, sha)
        check_form(sub, s.register, year)
    except Exception as exc:  # a bug or an unforeseen file shape: that file's finding
        sub = PkForm(path=display, sha256=sha, year=year)
        sub.findings.append(make("LK101", Pos(display),
                                 detail=f"berkas tidak dapat diproses (galat internal {exc.__class__.__name__})"))
    return sub


def _key(c, limits: Limits, register_sha: str, year: int) -> str:
    """What one file's findings derive from: its bytes, its name, the register, the year."""
    if c.problem:
        return ""
    try:
        sha = sha256_file(c.path)
    except OSError:
        return ""
    return digest("pk-check", sha, c.display, register_sha, year, asdict(limits))


def checks_to_run(masuk: Path, register: Path, year: int, limits: Limits, cache: Cache) -> int:
    """How many forms have no cached result, known before the register is read."""
    try:
        register_sha = sha256_file(register)
    except OSError:
        return 0
    cands = discover(masuk) if masuk.is_dir() else []
    return sum(1 for c in cands if not (k := _key(c, limits, register_sha, year)) or cache.get_check(k) is None)


_WORKER: tuple | None = None  # (setup, limits, annotate_dir) in a worker process
_SETUP_FILES: dict[str, tuple] = {}


def _check_and_annotate(path: Path, display: str, problem: str) -> tuple[bytes, str]:
    s, limits, annotate_dir = _WORKER
    sub = check_one(path, display, s, limits, problem)
    written = ""
    if annotate_dir is not None and sub.readable:
        try:
            annotate(path, annotate_dir / display, annotation_items(sub), round_heading(sub, s, "pk"))
            written = annotation_key(sub)
        except Exception:  # the main process retries and reports it
            written = ""
    return pickle.dumps(sub, protocol=5), written


def _task(setup_file: str, path: Path, display: str, problem: str) -> tuple[bytes, str]:
    """Worker entry; the setup comes as a file, read once per worker."""
    global _WORKER
    if setup_file not in _SETUP_FILES:
        _SETUP_FILES.clear()
        with open(setup_file, "rb") as fh:
            _SETUP_FILES[setup_file] = pickle.load(fh)
    _WORKER = _SETUP_FILES[setup_file]
    return _check_and_annotate(path, display, problem)


def _check_all(s: Setup, todo: list, limits: Limits, jobs: int, annotate_dir: Path | None,
               workers: Workers | None) -> list[tuple[bytes, str]]:
    global _WORKER

    def serial():
        global _WORKER
        _WORKER = (s, limits, annotate_dir)
        return [_check_and_annotate(c.path, c.display, c.problem) for c in todo]

    if jobs <= 1 or len(todo) < 8:
        return serial()
    fd, setup_file = tempfile.mkstemp(prefix=".tmp-pk-setup-", suffix=".pickle",
                                      dir=annotate_dir.parent if annotate_dir is not None else None)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((s, limits, annotate_dir), fh, protocol=5)
        with borrowed(workers, jobs) as workers:
            pool = workers.pool()
            if pool is None:
                return serial()
            try:
                futures = [pool.submit(_task, setup_file, c.path, c.display, c.problem) for c in todo]
                return [f.result() for f in futures]
            except Exception:  # a worker died or could not start: check in this process
                workers.reset()
                return serial()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(setup_file)


def check_round(s: Setup, limits: Limits = Limits(), progress: Progress = _noop, cache: Cache | None = None,
                jobs: int = 1, annotate_dir: Path | None = None, workers: Workers | None = None) -> CheckResult:
    """Check every form in masuk/ (unchanged files from the cache); with ``annotate_dir``
    the annotated copies are written while each file is checked."""
    cache = cache or NoCache()
    cands = discover(s.round.masuk) if s.round.masuk.is_dir() else []
    result = CheckResult(s.panel)
    progress("periksa", 0, len(cands))
    keys = [_key(c, limits, s.register.sha256, s.year) for c in cands]
    done: dict[int, PkForm] = {}
    for i, k in enumerate(keys):
        blob = cache.get_check(k) if k else None
        if blob is not None:
            done[i] = pickle.loads(blob)
    todo = [i for i in range(len(cands)) if i not in done]
    for i, (blob, written) in zip(todo, _check_all(s, [cands[i] for i in todo], limits, jobs, annotate_dir, workers)):
        sub = pickle.loads(blob)
        done[i] = sub
        if written:
            result.annotated[sub.path] = written
        if keys[i]:
            cache.put_check(keys[i], blob)
    cache.prune_checks({k for k in keys if k})
    result.submissions = [done[i] for i in range(len(cands))]
    progress("periksa", len(cands), len(cands))
    result.general.extend(cross_checks(result.submissions, s.agreements, f"{C.HASIL_DIR}/{s.round.register.name}"))
    return result
