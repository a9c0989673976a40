"""The monitoring round's stages as library functions (``lelang pantau template|check|run``).

check (annotated copies) -> which workbook counts per OPD -> status per indicator ->
pemantauan.json, pemantauan.xlsx -> laporan.xlsx -> per-OPD folders -> decks (optional)
-> manifest. Nothing here imports click or prints.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..agreement.agreed import Register
from ..auction import Auction
from ..cache import Cache, NoCache
from ..checking.checker import CheckResult
from ..checking.findings import Finding, Report
from ..errors import LelangError, OutputError
from ..model import Panel
from ..pipeline import PactOutcome, Progress, _noop
from ..reading.files import sha256_file
from ..reading.xlsxread import Limits
from ..rounds import stage
from ..rounds.opening import open_round
from ..rounds.outputs import counts, finish, make_folders, start_workers
from ..rounds.points import read_points
from ..rounds.stage import Checker, register_names
from ..workers import Workers
from . import contract as P
from .checks import check_monitoring, choose
from .reader import Monitoring, read_monitoring
from .status import Setting

CHUNK = 20  # workbooks per task sent to a worker (smaller: the last tasks leave a core idle for less)


@dataclass
class Setup:
    round: P.Round
    panel: Panel
    register: Register
    setting: Setting
    findings: list[Finding]  # the panel's settings (cap: LK601/LK603/LK604)
    panel_sha: str = ""


def prepare(root: Path, year: int, limits: Limits = Limits(), memo: bool = False) -> Setup:
    """Everything the round needs before it reads a workbook; a usage problem raises
    (exit 2): no auction, a broken panel, a year outside the period, no register.
    ``memo``: the register may come from the round's cache (a run)."""
    opened = open_round(root, year, P.Round, "pemantauan", limits, memo)
    auction, panel, rnd, register = opened.auction, opened.panel, opened.round, opened.register
    if not any(register.in_force(k, year) for k in register.opd):
        raise LelangError(f"Tidak ada kesepakatan yang berlaku untuk tahun {year}: tidak ada yang dipantau.")
    points, found = read_points(auction.panel, C.PANEL_FILE, limits)
    setting = Setting(cap=points.cap, turun=getattr(panel, "rumus_turun", "") or Setting.turun)
    return Setup(rnd, panel, register, setting, found, sha256_file(auction.panel))


def write_forms(root: Path, year: int, only: list[str] | None = None) -> list[Path]:
    """One pre-filled monitoring workbook per OPD with an agreement in force, in formulir/."""
    from .form import write_form

    s = prepare(root, year)
    wanted = {C.norm(c) for c in only} if only else None
    out = []
    for kode in s.register.opd:
        a = s.register.in_force(kode, year)
        if a is not None and (wanted is None or C.norm(kode) in wanted):
            out.append(write_form(s.round.formulir / f"{kode}.xlsx", a, year, s.register.pemda or s.panel.nama_pemda,
                                  rumus_turun=s.panel.rumus_turun))
    return out


def _meaning(sub: Monitoring, s: Setup) -> None:
    check_monitoring(sub, s.register, s.setting)


def _piece(sub: Monitoring, s: Setup) -> bytes | None:
    """The workbook's :class:`~.results.Piece` (pickled) when it can count for a registered
    OPD, computed in the worker that checked it for its own latest quarter; None otherwise
    or on any failure (the main process then computes what it needs)."""
    from .results import Piece, opd_line, opd_status
    from .workbook import blocks_for

    if not sub.readable or not sub.identity.kode_opd:
        return None
    kode = next((k for k in s.register.opd if C.norm(k) == C.norm(sub.identity.kode_opd)), None)
    a = s.register.in_force(kode, s.round.year) if kode is not None else None
    if a is None:
        return None
    try:
        q = sub.reported or 1
        r = opd_status(kode, a, sub, s.round.year, q, s.setting)
        return pickle.dumps(Piece(q, r, opd_line(r), blocks_for(r, q)), protocol=5)
    except Exception:
        return None


def _load_piece(blob: bytes):
    """A :func:`_piece` as the main process uses it (checked: a damaged one raises)."""
    from .results import Piece

    piece = pickle.loads(blob)
    if not isinstance(piece, Piece):
        raise TypeError(type(piece).__name__)
    return piece


CHECKER = Checker("pantau", "pantau", Monitoring, read_monitoring, _meaning, register_names, chunk=CHUNK,
                  extra=_piece, extra_load=_load_piece)


def check_one(path: Path, display: str, s: Setup, limits: Limits, problem: str = "") -> Monitoring:
    """Read and check one workbook; any failure becomes that file's finding."""
    return stage.check_one(CHECKER, path, display, s, limits, problem)


@dataclass
class Checked:
    result: CheckResult
    used: dict[str, Monitoring] = field(default_factory=dict)  # kode OPD (register's) -> the workbook that counts
    pieces: dict = field(default_factory=dict)  # (path, SHA-256, q) -> results.Piece of the workbooks that count


def check_round(s: Setup, limits: Limits = Limits(), progress: Progress = _noop, cache: Cache | None = None,
                jobs: int = 1, annotate_dir: Path | None = None, workers: Workers | None = None) -> Checked:
    """Check every workbook in masuk/ (unchanged files from the cache) and choose the one
    that counts per OPD."""
    extras: dict = {}
    cache = cache or NoCache()
    result = stage.check_files(CHECKER, s, limits, progress, cache, jobs, annotate_dir, workers, extras)
    result.panel = Panel(path=C.PANEL_FILE, opds={k: a.nama_opd for k, a in s.register.opd.items()})
    used, general = choose(result.submissions, s.register, s.round.year, f"{C.HASIL_DIR}/{P.REGISTER_FILE}")
    result.general.extend(general + s.findings)
    pieces = {}
    for sub in used.values():  # the pieces of the workbooks that count: from the workers or the cache
        piece = stage.extra_of(CHECKER, cache, extras.get(sub.path))  # None: missing or damaged (computed again)
        if piece is not None:
            pieces[(sub.path, sub.sha256, piece.q)] = piece
    return Checked(result, used, pieces)


def run_quarter(used: dict[str, Monitoring], asked: int | None) -> int:
    """The quarter the run looks at: the one asked for, else the latest any valid workbook reports."""
    if asked:
        return asked
    return max((s.reported for s in used.values()), default=0) or 1


@dataclass
class PantauRun:
    report: Report
    quarter: int
    results: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    decks: dict[str, Path] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    warning_count: int = -1  # len(warnings) before a record kept only the first ones (-1: not cut)

    def slim(self, keep: int = 40) -> "PantauRun":
        """What the closing summary shows, for the up-to-date record: OPD totals without their
        indicators, the first ``keep`` early warnings and their count."""
        from dataclasses import replace

        bare = {id(r): replace(r, indicators=[]) for r in self.results}
        return replace(self, results=list(bare.values()), manifest={}, warning_count=len(self.warnings),
                       warnings=[(bare.get(id(r), r), i) for r, i in self.warnings[:keep]])

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def run_round(root: Path, year: int, quarter: int | None = None, limits: Limits = Limits(),
              progress: Progress = _noop, use_cache: bool = True, jobs: int = 1, paparan: bool = False) -> PantauRun:
    """The whole round; when nothing changed since the last run with the same options, its
    recorded result (:mod:`lelang_xlsx.rerun`'s up-to-date check, over this round's folders)."""
    rnd = P.Round(Auction.at(root), year)
    options = (year, quarter, repr(limits), paparan)
    if use_cache:
        hit = _recorded(rnd, options)
        if hit is not None:
            return hit
    with Workers(jobs) as workers:
        run = _run_round(root, year, quarter, limits, progress, use_cache, jobs, paparan, workers)
    if use_cache:
        _record(rnd, options, run)
    return run


class _Watched:
    """The files a monitoring run reads and writes, in the shape :func:`rerun.fingerprint`
    takes: the auction's panel, the register (in the offer workbook's place), the round's
    masuk/ and hasil/."""

    def __init__(self, rnd: P.Round):
        self.root, self.panel, self.penawaran = rnd.root, rnd.auction.panel, rnd.register
        self.masuk, self.hasil = rnd.masuk, rnd.hasil


def _fingerprint(rnd: P.Round, options: tuple) -> tuple:
    from .. import rerun

    pacts = rerun._walk(str(rnd.auction.pakta)) if rnd.auction.pakta.is_dir() else None
    return rerun.fingerprint(_Watched(rnd), options + (pacts,))


def _record_path(rnd: P.Round) -> Path:
    from ..cache import CACHE_DIR

    return rnd.hasil / CACHE_DIR / "pantau-rerun.pickle"


def _recorded(rnd: P.Round, options: tuple) -> PantauRun | None:
    from ..cache import code_salt

    try:
        with open(_record_path(rnd), "rb") as fh:
            data = pickle.load(fh)
        if data.get("salt") != code_salt() or data.get("fingerprint") != _fingerprint(rnd, options):
            return None
        if any(sha256_file(Path(p)) != sha for p, sha in data["racy"].items()):
            return None
        return data["run"]
    except Exception:  # missing, damaged, from another version: a full run
        return None


def _record(rnd: P.Round, options: tuple, run: PantauRun) -> None:
    from .. import rerun
    from ..cache import code_salt
    from ..output.atomic import write_bytes

    path = _record_path(rnd)
    try:
        fp = _fingerprint(rnd, options)
        racy = rerun._racy_digests(_Watched(rnd), fp)
        write_bytes(path, pickle.dumps({"salt": code_salt(), "fingerprint": fp, "racy": racy, "run": run.slim()},
                                       protocol=5))
    except Exception:  # only costs the next run its shortcut
        path.unlink(missing_ok=True)


def _run_round(root: Path, year: int, quarter: int | None, limits: Limits, progress: Progress, use_cache: bool,
               jobs: int, paparan: bool, workers: Workers) -> PantauRun:
    from .results import early_warnings, monitor, per_mission, results_dict, results_key
    from .workbook import write_json, write_workbook

    rnd = P.Round(Auction.at(root), year)
    if jobs > 1 and rnd.auction.panel.is_file() and \
            stage.checks_to_run(CHECKER, rnd, limits, Cache(rnd.hasil, use_cache)) >= stage.FEW:
        start_workers(workers)  # forked while this process is small, before it reads the register
    s = prepare(root, year, limits, memo=use_cache)
    make_folders(rnd)
    cache = Cache(rnd.hasil, enabled=use_cache)
    checked = check_round(s, limits, progress, cache, jobs, rnd.out.umpan_balik, workers)
    workers.close()  # nothing later uses them: their memory is given back before the closing files
    result = checked.result
    annotated = stage.annotate_copies(CHECKER, s, result, cache, progress)
    q = run_quarter(checked.used, quarter)
    known = {k: p.status for k, p in checked.pieces.items()}
    results = monitor(s.register, checked.used, result.submissions, year, q, s.setting, known)
    missions = per_mission(results, s.panel.missions, q)
    pemda = s.register.pemda or s.panel.nama_pemda
    by_id = {id(p.status): p for p in checked.pieces.values() if p.q == q}
    counted = {r.kode: by_id[id(r)] for r in results if id(r) in by_id}  # the results taken from a piece
    data = results_dict(year, q, pemda, s.register.sha256, s.setting, results, missions,
                        {k: (p.q, p.line) for k, p in counted.items()})
    key = results_key(data)
    try:
        if not (cache.output_fresh(rnd.json, key) and cache.output_fresh(rnd.xlsx, key)):
            progress("pemantauan", 0, 1)
            write_json(rnd.json, data)
            write_workbook(rnd.xlsx, year, q, pemda, results, missions,
                           {k: p.blocks for k, p in counted.items() if p.blocks is not None})
            cache.record_output(rnd.json, key)
            cache.record_output(rnd.xlsx, key)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis hasil di {rnd.hasil}: {exc.strerror}") from None
    decks = PactOutcome()
    if paparan:
        from .deck import write_decks

        decks.written = write_decks(rnd, results, year, q, pemda, cache, progress)
    summary = {"tahun": rnd.year, "triwulan": q, **counts(result),
               "dilaporkan": sum(r.status == "dilaporkan" for r in results)}
    manifest = finish(rnd, result, annotated, decks, cache, [rnd.xlsx, rnd.json], summary)
    return PantauRun(result.report, q, results, early_warnings(results, q), decks.written, manifest)
