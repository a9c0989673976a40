"""The check stage of every yearly round, one implementation: each workbook in
``<round>/<year>/masuk/`` read and checked in the run's worker processes (or in this process
when the run is serial, there are few files, or a worker died), unchanged files from the
cache, and the annotated copy written in the round's voice by the worker that checked the
file while its bytes are warm. A round says what differs in a :class:`Checker`.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from ..cache import Cache, NoCache, digest
from ..checking.checker import CheckResult, annotation_heading, annotation_items, annotation_key
from ..checking.feedback import Heading, round_voice
from ..checking.findings import Pos, make
from ..errors import OutputError
from ..model import Panel
from ..pipeline import CheckOutputs, Progress, _noop, _remove_stale
from ..reading.files import discover, sha256_file
from ..reading.xlsxread import Limits
from ..workbooks.annotate import annotate
from ..workers import Workers, borrowed

FEW = 8  # fewer files than this are checked in this process: starting workers costs more


@dataclass(frozen=True)
class Checker:
    """What the shared stage needs from a round. The functions are module-level ones of
    the round (they travel to the worker processes by name).

    ``form(path=, year=, sha256=)`` is the round's empty result for a file that cannot be
    read; ``read(path, display, year, limits, sha)`` reads one workbook; ``meaning(sub,
    setup)`` adds the round's meaning checks; ``names(setup)`` is the Panel whose OPD names
    head the annotated copy. ``name`` prefixes the cache keys (``<name>-check``) and
    ``voice`` is the round's voice in :func:`checking.feedback.round_voice`."""

    name: str
    voice: str
    form: type
    read: Callable
    meaning: Callable
    names: Callable
    chunk: int = 1  # workbooks per task sent to a worker
    uses_panel: bool = True  # the panel's bytes are part of a file's cache key
    # extra(sub, setup) -> bytes | None: what the round derives from one file alone (its piece of
    # the closing files), computed by the worker that checked it and cached next to the check
    extra: Callable | None = None
    # extra_load(bytes) -> object: the extra as the round uses it, made as each result comes back
    # (while the workers go on) or when taken from the cache; a failure counts as no extra
    extra_load: Callable | None = None


def check_one(ck: Checker, path: Path, display: str, s, limits: Limits, problem: str = ""):
    """Read and check one workbook; any failure becomes that file's finding (LK101)."""
    year = s.round.year
    if problem:
        sub = ck.form(path=display, year=year)
        sub.findings.append(make("LK101", Pos(display), detail=problem))
        return sub
    try:
        sha = sha256_file(path)
    except OSError as exc:
        sub = ck.form(path=display, year=year)
        sub.findings.append(make("LK101", Pos(display), detail=f"berkas tidak dapat dibuka ({exc.strerror})"))
        return sub
    try:
        sub = ck.read(path, display, year, limits, sha)
        ck.meaning(sub, s)
    except Exception as exc:  # a bug or an unforeseen file shape: that file's finding
        sub = ck.form(path=display, sha256=sha, year=year)
        sub.findings.append(make("LK101", Pos(display),
                                 detail=f"berkas tidak dapat diproses (galat internal {exc.__class__.__name__})"))
    return sub


def heading(ck: Checker, sub, s) -> Heading:
    """The annotated copy's heading in the round's own words: OPD, file, and the year's title."""
    return replace(annotation_heading(sub, ck.names(s)), voice=round_voice(ck.voice, s.round.year))


def file_key(ck: Checker, c, limits: Limits, register_sha: str, panel_sha: str, year: int) -> str:
    """What one file's findings derive from: its bytes, its name, the register, the panel
    (when the round reads it), the year, the limits ('' for a file that cannot be read)."""
    if c.problem:
        return ""
    try:
        sha = sha256_file(c.path)
    except OSError:
        return ""
    deps = (register_sha, panel_sha, year) if ck.uses_panel else (register_sha, year)
    return digest(f"{ck.name}-check", sha, c.display, *deps, asdict(limits))


def checks_to_run(ck: Checker, rnd, limits: Limits, cache: Cache) -> int:
    """How many workbooks in masuk/ have no cached check result, known before the register
    is read (only its bytes are hashed): whether the round needs its worker processes."""
    try:
        register_sha = sha256_file(rnd.register)
        panel_sha = sha256_file(rnd.auction.panel) if ck.uses_panel else ""
    except OSError:
        return 0  # the round's prepare() reports it
    cands = discover(rnd.masuk) if rnd.masuk.is_dir() else []
    keys = [file_key(ck, c, limits, register_sha, panel_sha, rnd.year) for c in cands]
    return sum(1 for k in keys if not k or cache.get_check(k) is None)


_WORKER: dict[str, tuple] = {}  # setup file -> (checker, setup, limits, annotate dir), once per worker


def _check_items(ck: Checker, s, limits: Limits, annotate_dir: Path | None,
                 items: list) -> list[tuple[bytes, str, bytes | None]]:
    """(pickled result, annotation key written or '', the round's extra) per (path, display, problem)."""
    out = []
    for path, display, problem in items:
        sub = check_one(ck, path, display, s, limits, problem)
        written = ""
        if annotate_dir is not None and sub.readable:
            try:
                annotate(path, annotate_dir / display, annotation_items(sub), heading(ck, sub, s))
                written = annotation_key(sub)
            except Exception:  # the main process retries and reports it
                written = ""
        out.append((pickle.dumps(sub, protocol=5), written, ck.extra(sub, s) if ck.extra is not None else None))
    return out


def _task(setup_file: str, items: list) -> list[tuple[bytes, str, bytes | None]]:
    """Worker entry. The pool is forked before the register is read (lelang_xlsx/workers.py:
    small workers), so the setup comes as a file, read once per worker."""
    if setup_file not in _WORKER:
        _WORKER.clear()
        with open(setup_file, "rb") as fh:
            _WORKER[setup_file] = pickle.load(fh)
    return _check_items(*_WORKER[setup_file], items)


def _check_all(ck: Checker, s, todo: list, limits: Limits, jobs: int, annotate_dir: Path | None,
               workers: Workers | None) -> Iterator[tuple[bytes, str, bytes | None]]:
    """The results of :func:`_check_items` over ``todo``, in order, each task's as soon as it is
    back (the caller takes them in while the workers go on)."""
    items = [(c.path, c.display, c.problem) for c in todo]
    if jobs <= 1 or len(items) < FEW:
        yield from _check_items(ck, s, limits, annotate_dir, items)
        return
    # next to the outputs when the round writes (a killed run's file is a '.tmp-' file the next run
    # removes), else in the system's temporary folder: 'lelang <round> check' writes nothing in the auction
    fd, setup_file = tempfile.mkstemp(prefix=f".tmp-{ck.name}-setup-", suffix=".pickle",
                                      dir=annotate_dir.parent if annotate_dir is not None else None)
    done = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((ck, s, limits, annotate_dir), fh, protocol=5)
        with borrowed(workers, jobs) as w:
            pool = w.pool()
            if pool is not None:
                try:
                    futures = [pool.submit(_task, setup_file, items[i:i + ck.chunk])
                               for i in range(0, len(items), ck.chunk)]
                    for f in futures:
                        out = f.result()
                        done += len(out)
                        yield from out
                except Exception:  # a worker died or could not start: the rest is checked in this process
                    w.reset()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(setup_file)
    yield from _check_items(ck, s, limits, annotate_dir, items[done:])


def check_files(ck: Checker, s, limits: Limits = Limits(), progress: Progress = _noop,
                cache: Cache | None = None, jobs: int = 1, annotate_dir: Path | None = None,
                workers: Workers | None = None, extras: dict | None = None) -> CheckResult:
    """Check every workbook in the round's masuk/ (unchanged files from the cache). With
    ``annotate_dir`` the annotated copies are written while each file is checked
    (``result.annotated`` holds the key each was written for). The round adds its
    cross-file findings to ``result.general``. ``extras`` (with ``ck.extra``) receives
    display path -> (cache key, the extra computed in this run or None; loaded with
    ``ck.extra_load``): :func:`extra_of`."""
    cache = cache or NoCache()
    cands = discover(s.round.masuk) if s.round.masuk.is_dir() else []
    result = CheckResult(s.panel)
    progress("periksa", 0, len(cands))
    keys = [file_key(ck, c, limits, s.register.sha256, s.panel_sha, s.round.year) for c in cands]
    done: dict[int, object] = {}
    for i, k in enumerate(keys):
        blob = cache.get_check(k) if k else None
        if blob is not None:
            try:
                done[i] = pickle.loads(blob)
            except Exception:  # a damaged cache entry: that file is checked again
                pass
    todo = [i for i in range(len(cands)) if i not in done]
    fresh: dict[int, bytes | None] = {}
    # taken in as each task comes back, while the workers go on (the generator first: zip runs it to its end)
    for (blob, written, extra), i in zip(_check_all(ck, s, [cands[i] for i in todo], limits, jobs, annotate_dir,
                                                    workers), todo):
        done[i] = sub = pickle.loads(blob)
        fresh[i] = _taken(ck, extra)
        if written:
            result.annotated[sub.path] = written
        if keys[i]:
            cache.put_check(keys[i], blob)  # as the worker pickled it
            if extra is not None:
                cache.put_blob(_extra_key(ck, keys[i]), extra)
    if extras is not None and ck.extra is not None:
        for i in range(len(cands)):
            extras[done[i].path] = (_extra_key(ck, keys[i]) if keys[i] else "", fresh.get(i))
        cache.keep_blobs(_extra_key(ck, keys[i]) for i in done if keys[i] and i not in fresh)
    cache.prune_checks({k for k in keys if k})
    result.submissions = [done[i] for i in range(len(cands))]
    progress("periksa", len(cands), len(cands))
    return result


def _extra_key(ck: Checker, check_key: str) -> str:
    return digest(f"{ck.name}-extra", check_key)


def _taken(ck: Checker, blob) -> object | None:
    if not isinstance(blob, bytes):
        return None
    try:
        return blob if ck.extra_load is None else ck.extra_load(blob)
    except Exception:  # damaged: the round computes it again
        return None


def extra_of(ck: Checker, cache: Cache, entry: tuple[str, object | None] | None) -> object | None:
    """The extra of one file (an ``extras`` entry of :func:`check_files`): as computed in
    this run, else from the cache (None when missing or damaged)."""
    if entry is None:
        return None
    key, value = entry
    return _taken(ck, cache.get_blob(key)) if value is None and key else value


def annotate_copies(ck: Checker, s, result: CheckResult, cache: Cache, progress: Progress) -> CheckOutputs:
    """The annotated copy of every readable workbook in hasil/umpan-balik/ (the worker's when
    it wrote one for the same findings, else written here); stale copies removed."""
    out = CheckOutputs(result)
    dest_dir = s.round.out.umpan_balik
    subs = [x for x in result.submissions if x.readable]
    for i, sub in enumerate(subs):
        progress("anotasi", i, len(subs))
        dest, key = dest_dir / sub.path, annotation_key(sub)
        try:
            if result.annotated.get(sub.path) == key:  # written by the worker that checked it
                cache.record_output(dest, key)
            elif not cache.output_fresh(dest, key):
                annotate(s.round.masuk / sub.path, dest, annotation_items(sub), heading(ck, sub, s))
                cache.record_output(dest, key)
            out.annotated[sub.path] = dest
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis {dest}: {exc.strerror}") from None
        except Exception as exc:
            sub.findings.append(make("LK101", Pos(sub.path),
                                     detail=f"salinan beranotasi tidak dapat dibuat ({exc.__class__.__name__})"))
    progress("anotasi", len(subs), len(subs))
    _remove_stale(dest_dir, set(out.annotated.values()))
    return out


def panel_names(s) -> Panel:
    """The auction's panel: the OPD names of panel.xlsx head the annotated copy."""
    return s.panel


def register_names(s) -> Panel:
    """The OPD names as the register holds them (the monitoring round's reports)."""
    return Panel(path="", opds={k: a.nama_opd for k, a in s.register.opd.items()})
