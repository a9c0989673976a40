"""Check a set of OPD workbooks against the panel workbook; the result is plain data."""

from __future__ import annotations

import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import contract as C
from .auction import Auction
from .cache import Cache, NoCache, digest
from .checks import cross_file, run_checks
from .files import Candidate, discover, sha256_file
from .findings import FileStatus, Finding, Pos, Report, make
from .model import Panel, Submission
from .panel import read_panel
from .reader import read_submission
from .xlsxread import Limits


@dataclass
class CheckResult:
    panel: Panel
    submissions: list[Submission] = field(default_factory=list)
    general: list[Finding] = field(default_factory=list)  # panel and cross-file findings

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


def _check_many(cands: list[Candidate], panel: Panel, limits: Limits, jobs: int, cache: Cache | None = None,
                panel_sha: str = "") -> list[Submission]:
    """Check candidates, reusing cached results for unchanged files."""
    cache = cache or NoCache()
    results: dict[int, Submission] = {}
    todo: list[tuple[int, Candidate, str, str]] = []
    for i, c in enumerate(cands):
        sha = ""
        if not c.problem:
            try:
                sha = sha256_file(c.path)
            except OSError:
                sha = ""
        key = digest("check", sha, c.display, panel_sha, asdict(limits)) if sha else ""
        blob = cache.get_check(key) if key else None
        if blob is not None:
            results[i] = pickle.loads(blob)
        else:
            todo.append((i, c, sha, key))
    for (i, c, sha, key), sub in zip(todo, _run(todo, panel, limits, jobs)):
        results[i] = sub
        if key:
            cache.put_check(key, pickle.dumps(sub, protocol=5))
    cache.prune_checks({digest("check", s.sha256, s.path, panel_sha, asdict(limits)) for s in results.values() if s.sha256})
    return [results[i] for i in range(len(cands))]


def _run(todo, panel: Panel, limits: Limits, jobs: int) -> list[Submission]:
    def serial():
        return [check_one(c.path, c.display, panel, limits, c.problem, sha) for _, c, sha, _ in todo]

    if jobs <= 1 or len(todo) < 4:
        return serial()
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(check_one, c.path, c.display, panel, limits, c.problem, sha) for _, c, sha, _ in todo]
            out = []
            for (_, c, sha, _), fut in zip(todo, futures):
                try:
                    out.append(fut.result())
                except Exception as exc:  # the worker died: that file's finding, not a crashed batch
                    sub = Submission(path=c.display, sha256=sha)
                    sub.findings.append(make("LK101", Pos(c.display), detail=f"pemeriksaan berkas gagal ({exc.__class__.__name__})"))
                    out.append(sub)
            return out
    except (OSError, RuntimeError):
        return serial()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def check_auction(auction: Auction, limits: Limits = Limits(), jobs: int = 1, cache: Cache | None = None) -> CheckResult:
    auction.require()
    panel = read_panel(auction.panel, C.PANEL_FILE, limits)
    result = CheckResult(panel)
    if not panel.usable:
        return result
    cands = discover(auction.masuk)
    result.submissions = _check_many(cands, panel, limits, jobs, cache, sha256_file(auction.panel))
    result.general.extend(cross_file(result.submissions, panel, C.PANEL_FILE))
    return result


def check_files(paths: list[Path], panel_path: Path, limits: Limits = Limits(), jobs: int = 1) -> CheckResult:
    """Check explicit files (no cross-file checks)."""
    panel = read_panel(panel_path, panel_path.name, limits)
    result = CheckResult(panel)
    if not panel.usable:
        return result
    cands = [Candidate(p, p.name, "" if p.is_file() else "berkas tidak ditemukan") for p in paths]
    result.submissions = _check_many(cands, panel, limits, jobs)
    return result
