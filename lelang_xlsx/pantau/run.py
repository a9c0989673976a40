"""The monitoring round's stages as library functions (``lelang pantau template|check|run``).

check (annotated copies) -> which workbook counts per OPD -> status per indicator ->
pemantauan.json, pemantauan.xlsx -> laporan.xlsx -> per-OPD folders -> decks (optional)
-> manifest. Nothing here imports click or prints.
"""

from __future__ import annotations

import pickle
from dataclasses import asdict, replace
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..agreement.agreed import Register
from ..auction import Auction
from ..rounds import open_round
from ..batch import _per_opd
from ..cache import Cache, NoCache, digest
from ..checking.checker import CheckResult, annotation_heading, annotation_items, annotation_key
from ..checking.feedback import round_voice
from ..checking.findings import Finding, Pos, Report, make
from ..errors import LelangError, OutputError
from ..evaluasi.points import read_points
from ..model import Panel
from ..output.atomic import clean_stale_temps
from ..output.manifest import entry, write_manifest
from ..pipeline import CheckOutputs, PactOutcome, Progress, _noop, _remove_stale, write_report
from ..reading.files import discover, sha256_file
from ..reading.xlsxread import Limits
from ..workbooks.annotate import annotate
from ..workers import Workers, borrowed
from . import contract as P
from .checks import check_monitoring, choose
from .reader import Monitoring, read_monitoring
from .status import Setting

CHUNK = 40  # workbooks per task sent to a worker


@dataclass
class Setup:
    round: P.Round
    panel: Panel
    register: Register
    setting: Setting
    findings: list[Finding]  # the panel's settings (cap: LK601/LK603/LK604)
    panel_sha: str = ""


def prepare(root: Path, year: int, limits: Limits = Limits()) -> Setup:
    """Everything the round needs before it reads a workbook; a usage problem raises
    (exit 2): no auction, a broken panel, a year outside the period, no register."""
    opened = open_round(root, year, P.Round, "pemantauan", limits)
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
            out.append(write_form(s.round.formulir / f"{kode}.xlsx", a, year, s.register.pemda or s.panel.nama_pemda))
    return out


def check_one(path: Path, display: str, s: Setup, limits: Limits, problem: str = "") -> Monitoring:
    """Read and check one workbook; any failure becomes that file's finding."""
    year = s.round.year
    if problem:
        sub = Monitoring(path=display, year=year)
        sub.findings.append(make("LK101", Pos(display), detail=problem))
        return sub
    try:
        sha = sha256_file(path)
    except OSError as exc:
        sub = Monitoring(path=display, year=year)
        sub.findings.append(make("LK101", Pos(display), detail=f"berkas tidak dapat dibuka ({exc.strerror})"))
        return sub
    try:
        sub = read_monitoring(path, display, year, limits, sha)
        check_monitoring(sub, s.register, s.setting)
    except Exception as exc:  # a bug or an unforeseen file shape: that file's finding
        sub = Monitoring(path=display, sha256=sha, year=year)
        sub.findings.append(make("LK101", Pos(display),
                                 detail=f"berkas tidak dapat diproses (galat internal {exc.__class__.__name__})"))
    return sub


def _heading(sub: Monitoring, s: Setup):
    heading = annotation_heading(sub, Panel(path="", opds={k: a.nama_opd for k, a in s.register.opd.items()}))
    return replace(heading, voice=round_voice("pantau", s.round.year))


_SETUP: dict[str, tuple] = {}  # digest -> (setup, limits, annotate dir), one per worker process


def _check_chunk(key: str, blob: bytes | None, items: list) -> list[tuple[bytes, str]]:
    """Worker entry: check a slice of workbooks and, while their bytes are warm, write their
    annotated copies. The setup comes pickled with the first task a worker sees."""
    if key not in _SETUP:
        _SETUP.clear()
        _SETUP[key] = pickle.loads(blob)
    s, limits, annotate_dir = _SETUP[key]
    out = []
    for path, display, problem in items:
        sub = check_one(path, display, s, limits, problem)
        written = ""
        if annotate_dir is not None and sub.readable:
            try:
                annotate(path, annotate_dir / display, annotation_items(sub), _heading(sub, s))
                written = annotation_key(sub)
            except Exception:  # the main process retries and reports it
                written = ""
        out.append((pickle.dumps(sub, protocol=5), written))
    return out


def _check_all(s: Setup, todo: list, limits: Limits, jobs: int, annotate_dir: Path | None,
               workers: Workers | None) -> list[tuple[bytes, str]]:
    items = [(c.path, c.display, c.problem) for c in todo]
    blob = pickle.dumps((s, limits, annotate_dir), protocol=5)
    key = digest("pantau-setup", blob)
    _SETUP.clear()
    if jobs <= 1 or len(items) < 8:
        _SETUP[key] = (s, limits, annotate_dir)
        return _check_chunk(key, None, items)
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    with borrowed(workers, jobs) as w:
        pool = w.pool()
        if pool is not None:
            try:
                futures = [pool.submit(_check_chunk, key, blob, c) for c in chunks]
                return [x for f in futures for x in f.result()]
            except Exception:  # a worker died or could not start: check in this process
                w.reset()
    _SETUP[key] = (s, limits, annotate_dir)
    return _check_chunk(key, None, items)


def _key(c, limits: Limits, s: Setup) -> str:
    """What one file's findings derive from: its bytes, the register, the panel, the year."""
    if c.problem:
        return ""
    try:
        sha = sha256_file(c.path)
    except OSError:
        return ""
    return digest("pantau-check", sha, c.display, s.register.sha256, s.panel_sha, s.round.year, asdict(limits))


@dataclass
class Checked:
    result: CheckResult
    used: dict[str, Monitoring] = field(default_factory=dict)  # kode OPD (register's) -> the workbook that counts


def check_round(s: Setup, limits: Limits = Limits(), progress: Progress = _noop, cache: Cache | None = None,
                jobs: int = 1, annotate_dir: Path | None = None, workers: Workers | None = None) -> Checked:
    """Check every workbook in masuk/ (unchanged files from the cache) and choose the one
    that counts per OPD."""
    cache = cache or NoCache()
    cands = discover(s.round.masuk) if s.round.masuk.is_dir() else []
    result = CheckResult(s.panel)
    result.panel = Panel(path=C.PANEL_FILE, opds={k: a.nama_opd for k, a in s.register.opd.items()})
    progress("periksa", 0, len(cands))
    keys = [_key(c, limits, s) for c in cands]
    done: dict[int, Monitoring] = {}
    for i, k in enumerate(keys):
        blob = cache.get_check(k) if k else None
        if blob is not None:
            done[i] = pickle.loads(blob)
    todo = [i for i in range(len(cands)) if i not in done]
    for i, (blob, written) in zip(todo, _check_all(s, [cands[i] for i in todo], limits, jobs, annotate_dir, workers)):
        done[i] = sub = pickle.loads(blob)
        if written:
            result.annotated[sub.path] = written
        if keys[i]:
            cache.put_check(keys[i], blob)
    cache.prune_checks({k for k in keys if k})
    result.submissions = [done[i] for i in range(len(cands))]
    progress("periksa", len(cands), len(cands))
    used, general = choose(result.submissions, s.register, s.round.year, f"{C.HASIL_DIR}/{P.REGISTER_FILE}")
    result.general.extend(general + s.findings)
    return Checked(result, used)


def _annotate(s: Setup, result: CheckResult, cache: Cache, progress: Progress) -> CheckOutputs:
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
                annotate(s.round.masuk / sub.path, dest, annotation_items(sub), _heading(sub, s))
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
    from .results import early_warnings, monitor, per_mission, results_dict
    from .workbook import write_json, write_workbook

    s = prepare(root, year, limits)
    rnd = s.round
    for folder in (rnd.masuk, rnd.hasil):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Folder '{folder}' tidak dapat dibuat: {exc.strerror}") from None
    clean_stale_temps(rnd.hasil)
    cache = Cache(rnd.hasil, enabled=use_cache)
    checked = check_round(s, limits, progress, cache, jobs, rnd.out.umpan_balik, workers)
    result = checked.result
    annotated = _annotate(s, result, cache, progress)
    q = run_quarter(checked.used, quarter)
    results = monitor(s.register, checked.used, result.submissions, year, q, s.setting)
    missions = per_mission(results, s.panel.missions, q)
    pemda = s.register.pemda or s.panel.nama_pemda
    data = results_dict(year, q, pemda, s.register.sha256, s.setting, results, missions)
    key = digest("pemantauan", data)
    try:
        if not (cache.output_fresh(rnd.json, key) and cache.output_fresh(rnd.xlsx, key)):
            progress("pemantauan", 0, 1)
            write_json(rnd.json, data)
            write_workbook(rnd.xlsx, year, q, pemda, results, missions)
            cache.record_output(rnd.json, key)
            cache.record_output(rnd.xlsx, key)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis hasil di {rnd.hasil}: {exc.strerror}") from None
    decks = PactOutcome()
    if paparan:
        from .deck import write_decks

        decks.written = write_decks(rnd, results, year, q, pemda, cache, progress)
    report = result.report
    write_report(rnd.out, report, cache)
    per_opd = _per_opd(rnd.out, result, annotated, decks)
    manifest = _manifest(rnd, result, report, [rnd.xlsx, rnd.json, *annotated.annotated.values(),
                                                *decks.written.values(), *per_opd], q, results)
    cache.save()
    return PantauRun(report, q, results, early_warnings(results, q), decks.written, manifest)


def _manifest(rnd: P.Round, result: CheckResult, report: Report, outputs: list[Path], q: int, results) -> dict:
    root = rnd.auction.root
    inputs = [entry(rnd.auction.panel, root, status="panel"), entry(rnd.register, root, status="kesepakatan")]
    for sub in result.submissions:
        p = rnd.masuk / sub.path
        inputs.append({"path": p.relative_to(root).as_posix(), "sha256": sub.sha256,
                       "size": p.stat().st_size if p.is_file() and not p.is_symlink() else 0,
                       "kode_opd": sub.identity.kode_opd, "status": "valid" if sub.valid else "ada galat",
                       "errors": sub.errors, "warnings": sub.warnings})
    summary = {"tahun": rnd.year, "triwulan": q, "files": len(result.submissions),
               "valid": len(result.valid_submissions), "errors": report.errors, "warnings": report.warnings,
               "dilaporkan": sum(r.status == "dilaporkan" for r in results)}
    return write_manifest(rnd.out.manifest, root, inputs, [rnd.out.laporan, *outputs], summary)
