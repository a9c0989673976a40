"""The evaluation round's stages as library functions (``lelang eval template|check|run``).

check (annotated copies) -> results (evaluasi.json, evaluasi.xlsx) -> report cards ->
laporan.xlsx -> per-OPD folders -> manifest. Nothing here imports click or prints.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .. import contract as C
from ..workbooks.annotate import annotate
from ..output.atomic import clean_stale_temps
from ..auction import Auction
from ..rounds import open_round
from ..batch import _per_opd
from ..cache import Cache, NoCache, digest
from ..checking.checker import CheckResult, annotation_heading, annotation_items, annotation_key
from ..checking.feedback import Heading, round_voice
from ..errors import LelangError, OutputError
from ..reading.files import discover, sha256_file
from ..checking.findings import Finding, Pos, Report, make
from ..output.manifest import entry, write_manifest
from ..model import Panel
from ..pipeline import CheckOutputs, PactOutcome, Progress, _noop, _remove_stale, _render_all, write_report
from ..reading.xlsxread import Limits
from ..workers import Workers, borrowed
from . import contract as E
from .achievement import PointsTable
from .checks import check_realisation, cross_checks
from .evaluate import OpdResult, evaluate, per_mission
from .points import read_points
from .reader import Realisation, read_realisation
from ..agreement.agreed import Register


@dataclass
class Setup:
    round: E.Round
    panel: Panel
    register: Register
    points: PointsTable
    findings: list[Finding]  # LK603/LK604 and the cap setting
    panel_sha: str = ""


def prepare(root: Path, year: int, limits: Limits = Limits()) -> Setup:
    """Everything a round needs before it reads a workbook; a usage problem raises
    (exit 2): no auction, a broken panel, a year outside the period, no register."""
    opened = open_round(root, year, E.Round, "evaluasi", limits)
    auction, panel, rnd = opened.auction, opened.panel, opened.round
    register = opened.register.for_year(year)  # each OPD's version in force for the year
    if not register.opd:
        raise LelangError("Daftar kesepakatan belum berisi satu pakta pun: tidak ada yang dievaluasi.")
    points, found = read_points(auction.panel, C.PANEL_FILE, limits)
    found = [f for f in panel.findings if _round_setting(f)] + found  # version 3: what the round reads
    return Setup(rnd, panel, register, points, found, sha256_file(auction.panel))


def _round_setting(f: Finding) -> bool:
    """A panel.xlsx finding about what the evaluation reads (Satuan, Insentif, the ranking
    basis and the Turun formula): reported by the round as well."""
    if f.code in ("LK603", "LK604") or (f.code == "LK602" and f.sheet == C.SHEET_SATUAN):
        return True
    return f.code == "LK601" and any(x.label in f.message for x in (C.DASAR_PERINGKAT_FIELD, C.RUMUS_TURUN_FIELD))


def write_forms(root: Path, year: int, only: list[str] | None = None) -> list[Path]:
    """One pre-filled realisation workbook per OPD of the register, in formulir/; Realisasi
    from the monitoring round's TW IV where a valid monitoring workbook has it (docs/pantau.md)."""
    from ..pantau.prefill import eval_rows, year_end
    from .form import FormData, write_form

    s = prepare(root, year)
    wanted = {c.casefold() for c in only} if only else None
    ends = year_end(root, year)
    out = []
    for kode, a in s.register.opd.items():
        if wanted is None or kode.casefold() in wanted:
            rows = eval_rows(a, year, ends.get(kode))
            out.append(write_form(s.round.formulir / f"{kode}.xlsx", a, year, s.register.pemda or s.panel.nama_pemda,
                                  FormData(rows=rows) if rows else None, cap=s.points.cap))
    return out


def without_form(root: Path, year: int) -> list[tuple[str, str, str]]:
    """(Kode OPD, Nama OPD, why) for each OPD of the panel list that gets no realisation
    form: it has no pact in force for ``year`` (evaluasi.md "Who is not evaluated")."""
    s = prepare(root, year)
    agreed = {C.norm(k) for k in s.register.opd}
    return [(k, n, f"tidak ada pakta yang berlaku untuk tahun {year} (status: tanpa pakta, tidak dievaluasi)")
            for k, n in s.panel.opds.items() if C.norm(k) not in agreed]


def check_one(path: Path, display: str, s: Setup, limits: Limits, problem: str = "") -> Realisation:
    """Read and check one workbook; any failure becomes that file's finding."""
    if problem:
        sub = Realisation(path=display, year=s.round.year)
        sub.findings.append(make("LK101", Pos(display), detail=problem))
        return sub
    try:
        sha = sha256_file(path)
    except OSError as exc:
        sub = Realisation(path=display, year=s.round.year)
        sub.findings.append(make("LK101", Pos(display), detail=f"berkas tidak dapat dibuka ({exc.strerror})"))
        return sub
    try:
        sub = read_realisation(path, display, s.round.year, limits, sha)
        check_realisation(sub, s.register, s.points, s.panel)
    except Exception as exc:  # a bug or an unforeseen file shape: that file's finding
        sub = Realisation(path=display, sha256=sha, year=s.round.year)
        sub.findings.append(make("LK101", Pos(display),
                                 detail=f"berkas tidak dapat diproses (galat internal {exc.__class__.__name__})"))
    return sub


def _check_key(s: Setup, c, limits: Limits) -> str:
    return _key(c, limits, s.register.sha256, s.panel_sha, s.round.year)


def _key(c, limits: Limits, register_sha: str, panel_sha: str, year: int) -> str:
    """What one file's findings derive from: its bytes, the register, the panel (points), the year."""
    if c.problem:
        return ""
    try:
        sha = sha256_file(c.path)
    except OSError:
        return ""
    return digest("eval-check", sha, c.display, register_sha, panel_sha, year, asdict(limits))


def _checks_to_run(rnd: E.Round, limits: Limits, cache: Cache) -> int:
    """How many workbooks in masuk/ have no cached check result, known before the register
    is read (only its bytes are hashed): whether the round needs its worker processes."""
    try:
        register_sha, panel_sha = sha256_file(rnd.register), sha256_file(rnd.auction.panel)
    except OSError:
        return 0  # prepare() reports it
    cands = discover(rnd.masuk) if rnd.masuk.is_dir() else []
    keys = [_key(c, limits, register_sha, panel_sha, rnd.year) for c in cands]
    return sum(1 for k in keys if not k or cache.get_check(k) is None)


_WORKER: tuple | None = None  # (setup, limits, annotate_dir) in a worker process
_SETUP_FILES: dict[str, tuple] = {}  # setup file -> its content, loaded once per worker


def _init_worker(s: Setup, limits: Limits, annotate_dir: Path | None) -> None:
    global _WORKER
    _WORKER = (s, limits, annotate_dir)


def _check_and_annotate(path: Path, display: str, problem: str) -> tuple[bytes, str]:
    """Check one file and, while its bytes are warm, write its annotated copy; returns
    the pickled result and the annotation key written ('' when none)."""
    s, limits, annotate_dir = _WORKER
    sub = check_one(path, display, s, limits, problem)
    written = ""
    if annotate_dir is not None and sub.readable:
        try:
            annotate(path, annotate_dir / display, annotation_items(sub), round_heading(sub, s))
            written = annotation_key(sub)
        except Exception:  # the main process retries and reports it
            written = ""
    return pickle.dumps(sub, protocol=5), written


def _check_task(setup_file: str, path: Path, display: str, problem: str) -> tuple[bytes, str]:
    """Worker entry. The pool is forked before the register is read (lelang_xlsx/workers.py:
    small workers), so the setup comes as a file, read once per worker."""
    global _WORKER
    if setup_file not in _SETUP_FILES:
        _SETUP_FILES.clear()
        with open(setup_file, "rb") as fh:
            _SETUP_FILES[setup_file] = pickle.load(fh)
    _WORKER = _SETUP_FILES[setup_file]
    return _check_and_annotate(path, display, problem)


def _check_all(s: Setup, todo: list, limits: Limits, jobs: int, annotate_dir: Path | None,
               workers: Workers | None = None) -> list[tuple[bytes, str]]:
    """(pickled result, annotation key written) per file. Check in the run's worker processes (``workers``, or a pool of this call's own);
    in this process when the run is serial, there are few files, or a worker died."""
    def serial():
        _init_worker(s, limits, annotate_dir)
        return [_check_and_annotate(c.path, c.display, c.problem) for c in todo]

    if jobs <= 1 or len(todo) < 8:
        return serial()
    # next to the outputs when the round writes (a killed run's file is a '.tmp-' file the next run
    # removes), else in the system's temporary folder: 'lelang eval check' writes nothing in the auction
    fd, setup_file = tempfile.mkstemp(prefix=".tmp-eval-setup-", suffix=".pickle",
                                      dir=annotate_dir.parent if annotate_dir is not None else None)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((s, limits, annotate_dir), fh, protocol=5)
        with borrowed(workers, jobs) as workers:
            pool = workers.pool()
            if pool is None:
                out = serial()
            else:
                try:
                    futures = [pool.submit(_check_task, setup_file, c.path, c.display, c.problem) for c in todo]
                    out = [f.result() for f in futures]
                except Exception:  # a worker died or could not start: check in this process
                    workers.reset()
                    out = serial()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(setup_file)
    return out


def check_round(s: Setup, limits: Limits = Limits(), progress: Progress = _noop, cache: Cache | None = None,
                jobs: int = 1, annotate_dir: Path | None = None, workers: Workers | None = None) -> CheckResult:
    """Check every workbook in masuk/ (unchanged files come from the cache). With
    ``annotate_dir`` the annotated copies are written while each file is checked
    (``result.annotated`` holds the key each was written for)."""
    cache = cache or NoCache()
    cands = discover(s.round.masuk) if s.round.masuk.is_dir() else []
    result = CheckResult(s.panel)
    progress("periksa", 0, len(cands))
    keys = [_check_key(s, c, limits) for c in cands]
    done: dict[int, Realisation] = {}
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
            cache.put_check(keys[i], blob)  # as the worker pickled it
    cache.prune_checks({k for k in keys if k})
    result.submissions = [done[i] for i in range(len(cands))]
    progress("periksa", len(cands), len(cands))
    result.general.extend(cross_checks(result.submissions, s.register, f"{C.HASIL_DIR}/{E.REGISTER_FILE}"))
    result.general.extend(s.findings)
    return result


@dataclass
class EvalRun:
    report: Report
    results: list[OpdResult] = field(default_factory=list)
    cards: dict[str, Path] = field(default_factory=dict)
    pdfs: dict[str, Path] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    basis: str = C.RANK_CAPAIAN  # the panel's Dasar Peringkat

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def round_heading(sub, s, kind: str = "evaluasi") -> Heading:
    """The annotated copy's heading in the round's own words: OPD, file, and the year's title."""
    return replace(annotation_heading(sub, s.panel), voice=round_voice(kind, s.round.year))


def _annotate(s: Setup, result: CheckResult, cache: Cache, progress: Progress,
              kind: str = "evaluasi") -> CheckOutputs:
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
                annotate(s.round.masuk / sub.path, dest, annotation_items(sub), round_heading(sub, s, kind))
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


def _cards(s: Setup, results: list[OpdResult], template: Path | None, pdf: bool, cache: Cache,
           progress: Progress, jobs: int = 1, during=None, workers: Workers | None = None) -> PactOutcome:
    """The report cards, rendered in worker processes; ``during()`` runs in this process
    meanwhile (the round's evaluasi.xlsx/json are written then), or after the cards
    when there is nothing to render."""
    from .report_card import KIND, SCHEMA, build_context, default_template, renderer, report_filename

    template = template or default_template()
    tsha = sha256_file(template)
    ranked = sum(r.peringkat is not None for r in results)
    out = PactOutcome()
    todo = []
    for r in results:
        if not r.evaluated:
            out.skipped[r.kode] = r.status
            continue
        ctx = build_context(s.panel, r, s.round.year, ranked, s.points)
        path = s.round.rapor / report_filename(r.kode, r.nama, s.round.year)
        key = digest("rapor", tsha, ctx)
        if not cache.output_fresh(path, key):
            todo.append((ctx, path, key))
        out.written[r.kode] = path
    if todo:
        renderer(template)  # a broken template stops here with its problems, before any worker starts
        try:
            _render_all(template, [(ctx, path) for ctx, path, _ in todo], jobs, progress, "rapor", SCHEMA, KIND,
                        workers=workers, during=during)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis rapor di {s.round.rapor}: {exc.strerror}") from None
        for _, path, key in todo:
            cache.record_output(path, key)
    elif during is not None:
        during()
    progress("rapor", len(todo), len(todo))
    keep = set(out.written.values())
    if pdf and out.written:
        from ..documents.pdf import convert_to_pdf

        pdfs = convert_to_pdf(list(out.written.values()), s.round.rapor)
        for kode, docx in out.written.items():
            p = docx.with_suffix(".pdf")
            if p in pdfs:
                out.pdfs[kode] = p
                keep.add(p)
    _remove_stale(s.round.rapor, keep)
    return out


def run_round(root: Path, year: int, limits: Limits = Limits(), template: Path | None = None, pdf: bool = False,
              progress: Progress = _noop, use_cache: bool = True, jobs: int = 1) -> EvalRun:
    with Workers(jobs) as workers:  # one pool for the round: checks and report cards
        return _run_round(root, year, limits, template, pdf, progress, use_cache, jobs, workers)


def _start(workers: Workers) -> None:
    """Fork the workers now, before the register and the submissions are in this process
    (a worker forked later counts all of it again in its memory)."""
    pool = workers.pool()
    if pool is not None:
        try:
            pool.submit(int)
        except (OSError, RuntimeError):  # no processes here: the stages run serially
            workers.reset()


def _run_round(root: Path, year: int, limits: Limits, template: Path | None, pdf: bool, progress: Progress,
               use_cache: bool, jobs: int, workers: Workers) -> EvalRun:
    from .report_card import renderer
    from .compare import add_comparisons, pk_budgets
    from .results_json import read_earlier, results_dict, write_results
    from .workbook import write_workbook

    early = E.Round(Auction.at(root), year)
    if jobs > 1 and early.auction.panel.is_file() and _checks_to_run(early, limits, Cache(early.hasil, use_cache)) >= 8:
        # workbooks to check: fork the workers now, before the register and the submissions are
        # in this process; they render the report cards too and inherit the renderer's imports
        importlib.import_module("lelang_xlsx.documents.pacts")
        _start(workers)
    s = prepare(root, year, limits)
    if template is not None:
        renderer(template)  # a broken custom template stops the round before any output
    rnd = s.round
    for folder in (rnd.masuk, rnd.hasil):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"Folder '{folder}' tidak dapat dibuat: {exc.strerror}") from None
    clean_stale_temps(rnd.hasil)
    cache = Cache(rnd.hasil, enabled=use_cache)
    result = check_round(s, limits, progress, cache, jobs, rnd.out.umpan_balik, workers)
    checked = _annotate(s, result, cache, progress)
    results = evaluate(s.register, result.submissions, s.points, year, s.panel)
    earlier = read_earlier(rnd.earlier_results())
    add_comparisons(results, earlier, year, pk_budgets(rnd.auction.root / "pk" / str(year) / C.HASIL_DIR / "pk.json"))
    missions = per_mission(results, s.panel.missions)
    pemda = s.register.pemda or s.panel.nama_pemda
    data = results_dict(year, pemda, (s.panel.tahun_awal, s.panel.tahun_akhir), s.register.sha256, s.points,
                        results, missions, s.panel)
    trend = {y: {k: (v["capaian"], v["bersih"]) for k, v in opds.items()} for y, opds in earlier.items()}

    def write_results_files() -> None:  # while the workers render the report cards
        key = digest("evaluasi", data, sorted(trend.items()))
        try:
            if not (cache.output_fresh(rnd.evaluasi_json, key) and cache.output_fresh(rnd.evaluasi_xlsx, key)):
                write_results(rnd.evaluasi_json, data)
                write_workbook(rnd.evaluasi_xlsx, year, pemda, results, missions, trend, s.panel, s.points)
                cache.record_output(rnd.evaluasi_json, key)
                cache.record_output(rnd.evaluasi_xlsx, key)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis hasil di {rnd.hasil}: {exc.strerror}") from None

    cards = _cards(s, results, template, pdf, cache, progress, jobs, during=write_results_files, workers=workers)
    report = result.report
    write_report(rnd.out, report, cache)
    per_opd = _per_opd(rnd.out, result, checked, cards)
    root = rnd.auction.root
    inputs = [entry(rnd.auction.panel, root, status="panel"), entry(rnd.register, root, status="kesepakatan")]
    for sub in result.submissions:
        p = rnd.masuk / sub.path
        inputs.append({"path": p.relative_to(root).as_posix(), "sha256": sub.sha256,
                       "size": p.stat().st_size if p.is_file() and not p.is_symlink() else 0,
                       "kode_opd": sub.identity.kode_opd, "status": "valid" if sub.valid else "ada galat",
                       "errors": sub.errors, "warnings": sub.warnings})
    outputs = [rnd.out.laporan, rnd.evaluasi_xlsx, rnd.evaluasi_json, *checked.annotated.values(),
               *cards.written.values(), *cards.pdfs.values(), *per_opd]
    summary = {"tahun": year, "files": len(result.submissions), "valid": len(result.valid_submissions),
               "errors": report.errors, "warnings": report.warnings, "rapor": len(cards.written),
               "skipped": dict(sorted(cards.skipped.items()))}
    manifest = write_manifest(rnd.out.manifest, root, inputs, outputs, summary)
    cache.save()
    return EvalRun(report, results, cards.written, cards.pdfs, manifest, s.panel.dasar_peringkat)
