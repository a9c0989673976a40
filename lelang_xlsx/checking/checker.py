"""Check a set of OPD workbooks against the panel workbook; the result is plain data."""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import contract as C
from ..auction import Auction
from ..workbooks.annotate import annotate
from .feedback import Heading, wording
from ..reading.tables import show
from ..cache import Cache, NoCache, digest
from .checks import cross_file, run_checks
from ..reading.files import Candidate, discover, sha256_file
from .findings import FileStatus, Finding, Pos, Report, make
from . import stored
from ..model import Panel, Submission
from ..reading.panel import read_panel
from ..reading.reader import read_submission
from ..reading.xlsxread import Limits
from ..workers import Workers, borrowed, default_jobs  # noqa: F401  (default_jobs: re-exported)


@dataclass
class CheckResult:
    panel: Panel
    submissions: list[Submission] = field(default_factory=list)
    general: list[Finding] = field(default_factory=list)  # panel and cross-file findings
    annotated: dict[str, str] = field(default_factory=dict)  # display name -> annotation key written
    inputs_key: list | None = None  # what later stages derive from (set by pipeline._inputs_key)
    limits: Limits = field(default_factory=Limits)  # the run's limits: the offer workbook's are derived from them
    issued: frozenset[str] = frozenset()  # OPD codes whose pact is in the register (their next step differs)

    def pact_issued(self, sub: Submission) -> bool:
        return bool(sub.identity.kode_opd) and sub.identity.kode_opd in self.issued

    @property
    def report(self) -> Report:
        files = [
            FileStatus(s.path, s.identity.kode_opd, self.panel.opds.get(s.identity.kode_opd, s.identity.nama_opd), list(s.findings))
            for s in self.submissions
        ]
        return Report(files=files, general=list(self.general) + list(self.panel.findings))

    @property
    def valid_submissions(self) -> list[Submission]:
        return [s for s in self.submissions if s.valid]


def check_one(path: Path, display: str, panel: Panel, limits: Limits, problem: str = "", digest: str = "") -> Submission:
    """Read and check one workbook; any failure becomes that file's finding."""
    if problem:
        sub = Submission(path=display)
        sub.findings.append(make("LK101", Pos(display), detail=problem))
        return sub
    try:
        digest = digest or sha256_file(path)
    except OSError as exc:
        sub = Submission(path=display)
        sub.findings.append(make("LK101", Pos(display), detail=f"berkas tidak dapat dibuka ({exc.strerror})"))
        return sub
    try:
        sub = read_submission(path, display, panel, limits, sha256=digest)
        run_checks(sub, panel)
    except Exception as exc:  # a bug or an unforeseen file shape: that file's finding
        sub = Submission(path=display, sha256=digest)
        sub.findings.append(
            make("LK101", Pos(display), detail=f"berkas tidak dapat diproses (galat internal {exc.__class__.__name__})")
        )
    return sub


def annotation_items(sub: Submission) -> list[Finding]:
    return sorted(sub.findings, key=lambda f: (f.sheet, f.row or 0, f.col or 0, f.code))


def annotation_heading(sub: Submission, panel: Panel, pact_issued: bool = False) -> Heading:
    """The OPD and file named at the top of the annotated copy's findings sheet, and
    whether its pact is already issued (the next step then says not to resend)."""
    kode = sub.identity.kode_opd
    nama = panel.opds.get(kode) or sub.identity.nama_opd
    opd = " – ".join(show(x, 120) for x in (kode, nama) if x)  # the OPD's own text: short, no control characters
    return Heading(opd=opd, file=show(sub.path, 200), pact_issued=pact_issued)


def annotate_submission(src: Path, dest: Path, sub: Submission, panel: Panel, pact_issued: bool = False) -> None:
    """Write the annotated copy of one checked submission."""
    annotate(src, dest, annotation_items(sub), annotation_heading(sub, panel, pact_issued))


def annotate_task(src: Path, dest: Path, items: list[Finding], heading: Heading) -> None:
    """Worker entry: one annotated copy from what it shows (not the whole submission)."""
    annotate(src, dest, items, heading)


def annotation_key(sub: Submission, pact_issued: bool = False) -> str:
    """What an annotated copy is derived from: the file, its OPD, its findings, whether its
    pact is issued, and the wording of the findings sheet (a new wording rebuilds old copies)."""
    return digest("annotate", sub.sha256, sub.identity.kode_opd, sub.identity.nama_opd,
                  [f.as_dict() for f in annotation_items(sub)], wording(), *(["pakta"] if pact_issued else []))


def issued_codes(hasil: Path) -> frozenset[str]:
    """OPD codes with a trusted entry in the agreement register (none when there is no register)."""
    from ..agreement.register import load

    return frozenset(load(hasil / C.KESEPAKATAN_JSON).entries)


def _worker(path: Path, display: str, panel: Panel, limits: Limits, problem: str, sha: str,
            annotate_dir: Path | None) -> tuple[bytes, str]:
    """Worker entry: the submission comes back pickled once, in the cache's layout
    (checking/stored.py); the parent keeps those bytes for the cache instead of pickling
    the submission again."""
    sub, written = check_and_annotate(path, display, panel, limits, problem, sha, annotate_dir)
    return stored.pack(sub), written


def check_and_annotate(path: Path, display: str, panel: Panel, limits: Limits, problem: str = "", sha: str = "",
                       annotate_dir: Path | None = None) -> tuple[Submission, str]:
    """Check one workbook and, while its bytes are warm, write its annotated copy.

    Returns the submission and the annotation key written ('' when none was written:
    the caller then annotates, e.g. after cross-file findings changed the list).
    """
    sub = check_one(path, display, panel, limits, problem, sha)
    if annotate_dir is None or not sub.readable:
        return sub, ""
    try:
        annotate_submission(path, annotate_dir / display, sub, panel)
    except Exception:  # the parent retries and reports properly
        return sub, ""
    return sub, annotation_key(sub)


def _check_many(cands: list[Candidate], panel: Panel, limits: Limits, jobs: int, cache: Cache | None = None,
                panel_sha: str = "", annotate_dir: Path | None = None, started=None,
                workers: Workers | None = None) -> list[tuple[Submission, str]]:
    """Check candidates, reusing cached results for unchanged files."""
    cache = cache or NoCache()
    results: dict[int, tuple[Submission, str]] = {}
    todo: list[tuple[int, Candidate, str, str]] = []
    live: set[str] = set()  # the cache entries of this run's files
    for i, c in enumerate(cands):
        sha = ""
        if not c.problem:
            try:
                sha = sha256_file(c.path)
            except OSError:
                sha = ""
        key = digest("check", sha, c.display, panel_sha, asdict(limits)) if sha else ""
        live.add(key)
        path = cache.check_path(key) if key else None
        sub = stored.load(path, functools.partial(_recheck, c, panel, limits, sha)) if path else None
        if sub is not None:  # its figures are read from the cache file if a later stage asks for them
            results[i] = (sub, "")
        else:
            todo.append((i, c, sha, key))
    for (i, c, sha, key), (blob, written) in zip(todo, _run(todo, panel, limits, jobs, annotate_dir, started, workers)):
        results[i] = (stored.unpack(blob), written)
        if key:
            cache.put_check(key, blob)
    cache.prune_checks(live - {""})
    return [results[i] for i in range(len(cands))]


def _recheck(c: Candidate, panel: Panel, limits: Limits, sha: str) -> Submission:
    """A form checked again in this process because its cached figures were damaged during
    the run; its content must be the one the run checked."""
    from ..errors import LelangError

    try:
        with open(c.path, "rb") as fh:
            same = hashlib.file_digest(fh, "sha256").hexdigest() == sha
    except OSError:
        same = False
    if not same:
        raise LelangError(f"'{c.display}' berubah selama proses berjalan; jalankan lagi.")
    return check_one(c.path, c.display, panel, limits, c.problem, sha)


def _run(todo, panel: Panel, limits: Limits, jobs: int, annotate_dir: Path | None,
         started=None, workers: Workers | None = None) -> list[tuple[bytes, str]]:
    """Check in worker processes (the run's shared pool when given); ``started()`` is
    called once every file is queued (the main process then only waits, and can do
    other work in a thread)."""
    def serial():
        return [_worker(c.path, c.display, panel, limits, c.problem, sha, annotate_dir) for _, c, sha, _ in todo]

    if jobs <= 1 or len(todo) < 4:
        return serial()
    from concurrent.futures.process import BrokenProcessPool  # with the pool: a re-run that checks a form or two does without

    with borrowed(workers, jobs) as workers:
        pool = workers.pool()
        if pool is None:
            return serial()
        try:
            futures = [pool.submit(_worker, c.path, c.display, panel, limits, c.problem, sha, annotate_dir)
                       for _, c, sha, _ in todo]
        except (OSError, RuntimeError):  # the pool could not start its processes
            workers.reset()
            return serial()
        if started is not None:
            started()
        out = []
        for (_, c, sha, _), fut in zip(todo, futures):
            try:
                out.append(fut.result())
            except BrokenProcessPool:  # a worker died: retry each file alone
                workers.reset()
                out.append(_isolated(c, sha, panel, limits, annotate_dir))
            except Exception as exc:
                out.append(_failed(c, sha, exc))
        return out


def _failed(c: Candidate, sha: str, exc: BaseException) -> tuple[bytes, str]:
    """A file whose check could not run: its own finding, not a crashed batch."""
    sub = Submission(path=c.display, sha256=sha)
    sub.findings.append(make("LK101", Pos(c.display), detail=f"pemeriksaan berkas gagal ({exc.__class__.__name__})"))
    return stored.pack(sub), ""


def _isolated(c: Candidate, sha: str, panel: Panel, limits: Limits, annotate_dir: Path | None) -> tuple[bytes, str]:
    """Check one file in a process of its own, so a file that kills its worker (a crash
    in a C library, the memory limit) only fails itself."""
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_worker, c.path, c.display, panel, limits, c.problem, sha, annotate_dir).result()
    except Exception as exc:
        return _failed(c, sha, exc)


def check_auction(auction: Auction, limits: Limits = Limits(), jobs: int = 1, cache: Cache | None = None,
                  annotate_dir: Path | None = None, started=None, workers: Workers | None = None) -> CheckResult:
    """Check every submission in masuk/. With ``annotate_dir``, workers also write the
    annotated copies (``result.annotated`` holds the key each was written for).
    ``started(panel, n_files)`` is called once the files are queued for the workers."""
    auction.require()
    panel = read_panel(auction.panel, C.PANEL_FILE, limits)
    result = CheckResult(panel, limits=limits, issued=issued_codes(auction.hasil))
    if not panel.usable:
        return result
    cands = discover(auction.masuk)
    if started is not None:  # told what is being checked: the panel and how many files
        started = functools.partial(started, panel, len(cands))
    pairs = _check_many(cands, panel, limits, jobs, cache, sha256_file(auction.panel), annotate_dir, started, workers)
    result.submissions = [s for s, _ in pairs]
    result.annotated = {s.path: k for s, k in pairs if k}
    result.general.extend(cross_file(result.submissions, panel, C.PANEL_FILE))
    return result


def check_files(paths: list[Path], panel_path: Path, limits: Limits = Limits(), jobs: int = 1) -> CheckResult:
    """Check explicit files (no cross-file checks)."""
    panel = read_panel(panel_path, panel_path.name, limits)
    result = CheckResult(panel)
    if not panel.usable:
        return result
    cands = [Candidate(p, p.name, "" if p.is_file() else "berkas tidak ditemukan") for p in paths]
    result.submissions = [s for s, _ in _check_many(cands, panel, limits, jobs)]
    return result
