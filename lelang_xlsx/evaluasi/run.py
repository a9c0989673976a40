"""The evaluation round's stages as library functions (``lelang eval template|check|run``).

check (annotated copies) -> results (evaluasi.json, evaluasi.xlsx) -> report cards ->
laporan.xlsx -> per-OPD folders -> manifest. Nothing here imports click or prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import contract as C
from ..agreement.agreed import Register
from ..auction import Auction
from ..cache import Cache, digest
from ..checking.checker import CheckResult
from ..checking.findings import Finding, Report
from ..errors import LelangError, OutputError
from ..model import Panel
from ..pipeline import PactOutcome, Progress, _noop, _remove_stale, _render_all
from ..reading.files import sha256_file
from ..reading.xlsxread import Limits
from ..rounds import stage
from ..rounds.opening import open_round
from ..rounds.outputs import checked_renderer, counts, finish, make_folders, start_early
from ..rounds.points import read_points
from ..rounds.scoring import PointsTable
from ..rounds.stage import Checker, check_files, panel_names
from ..workers import Workers
from . import contract as E
from .checks import check_realisation, cross_checks
from .evaluate import OpdResult, evaluate, per_mission
from .reader import Realisation, read_realisation


@dataclass
class Setup:
    round: E.Round
    panel: Panel
    register: Register
    points: PointsTable
    findings: list[Finding]  # the Poin sheet and the cap (panel.xlsx's own findings reach the report through CheckResult.panel)
    panel_sha: str = ""


def prepare(root: Path, year: int, limits: Limits = Limits(), memo: bool = False) -> Setup:
    """Everything a round needs before it reads a workbook; a usage problem raises
    (exit 2): no auction, a broken panel, a year outside the period, no register.
    ``memo``: the register may come from the round's cache (a run)."""
    opened = open_round(root, year, E.Round, "evaluasi", limits, memo)
    auction, panel, rnd = opened.auction, opened.panel, opened.round
    register = opened.register.for_year(year)  # each OPD's version in force for the year
    if not register.opd:
        raise LelangError("Daftar kesepakatan belum berisi satu pakta pun: tidak ada yang dievaluasi.")
    points, found = read_points(auction.panel, C.PANEL_FILE, limits)
    return Setup(rnd, panel, register, points, found, sha256_file(auction.panel))


def write_forms(root: Path, year: int, only: list[str] | None = None) -> list[Path]:
    """One pre-filled realisation workbook per OPD of the register, in formulir/; Realisasi
    from the monitoring round's TW IV where a valid monitoring workbook has it (docs/pantau.md)."""
    from ..pantau.prefill import eval_rows, year_end
    from .form import FormData, write_form
    from .results_json import read_earlier

    s = prepare(root, year)
    wanted = {c.casefold() for c in only} if only else None
    ends = year_end(root, year)
    last = read_earlier(s.round.earlier_results()).get(year - 1, {})
    out = []
    for kode, a in s.register.opd.items():
        if wanted is None or kode.casefold() in wanted:
            previous = (last.get(kode) or {}).get("realisasi") or {}
            rows = eval_rows(a, year, ends.get(kode), previous)
            out.append(write_form(s.round.formulir / f"{kode}.xlsx", a, year, s.register.pemda or s.panel.nama_pemda,
                                  FormData(rows=rows) if rows else None, cap=s.points.cap,
                                  rumus_turun=s.panel.rumus_turun, previous=previous))
    return out


def without_form(root: Path, year: int) -> list[tuple[str, str, str]]:
    """(Kode OPD, Nama OPD, why) for each OPD of the panel list that gets no realisation
    form: it has no pact in force for ``year`` (evaluasi.md "Who is not evaluated")."""
    s = prepare(root, year)
    agreed = {C.norm(k) for k in s.register.opd}
    return [(k, n, f"tidak ada pakta yang berlaku untuk tahun {year} (status: tanpa pakta, tidak dievaluasi)")
            for k, n in s.panel.opds.items() if C.norm(k) not in agreed]


def _meaning(sub: Realisation, s: Setup) -> None:
    check_realisation(sub, s.register, s.points, s.panel)


CHECKER = Checker("eval", "evaluasi", Realisation, read_realisation, _meaning, panel_names)


def check_one(path: Path, display: str, s: Setup, limits: Limits, problem: str = "") -> Realisation:
    """Read and check one workbook; any failure becomes that file's finding."""
    return stage.check_one(CHECKER, path, display, s, limits, problem)


def check_round(s: Setup, limits: Limits = Limits(), progress: Progress = _noop, cache: Cache | None = None,
                jobs: int = 1, annotate_dir: Path | None = None, workers: Workers | None = None) -> CheckResult:
    """Check every workbook in masuk/ (unchanged files come from the cache), the annotated
    copies written meanwhile with ``annotate_dir`` (:func:`rounds.stage.check_files`)."""
    result = check_files(CHECKER, s, limits, progress, cache, jobs, annotate_dir, workers)
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

    def steady(self) -> "EvalRun":
        """What the closing summary shows, for the up-to-date record: OPD results without
        their indicators, no manifest."""
        return replace(self, results=[replace(r, indicators=[]) for r in self.results], manifest={})


def rerun_key(root: Path, year: int, limits: Limits, template: Path | None, pdf: bool) -> tuple:
    """(round, (options, template, stock template), the other files the round reads) for the
    up-to-date record (:mod:`lelang_xlsx.pk.rerun`): the earlier years' evaluasi.json (and
    whether there are any) and the year's pk.json (the PK budgets)."""
    from .report_card import default_template

    rnd = E.Round(Auction.at(root).require(), year)
    base = rnd.auction.root / E.EVALUASI_DIR
    earlier = [base / d.name / C.HASIL_DIR / E.EVALUASI_JSON for d in sorted(base.iterdir())
               if d.name.isdigit() and int(d.name) < year] if base.is_dir() else []
    extras = (base, *earlier, rnd.auction.root / "pk" / str(year) / C.HASIL_DIR / "pk.json")
    from ..checking.feedback import wording

    # wording(): the annotated copies' fixed texts, which a test may patch without a code change
    options = ("eval", repr(limits), None if template is None else str(template), bool(pdf), wording())
    return rnd, (options, template, default_template), extras


def _cards(s: Setup, results: list[OpdResult], template: Path | None, pdf: bool, cache: Cache,
           progress: Progress, jobs: int = 1, during=None, workers: Workers | None = None,
           entries: list[str] | None = None) -> PactOutcome:
    """The report cards, rendered in worker processes; ``during()`` runs in this process
    meanwhile (the round's evaluasi.xlsx/json are written then), or after the cards
    when there is nothing to render. ``entries``: per result, the digest of its entry of
    evaluasi.json (:class:`Pieces`), which holds every value of the OPD a card shows: a
    card whose OPD, template, panel, Poin sheet and number of ranked OPDs are unchanged is
    not built again (its context is not even computed)."""
    from .report_card import KIND, SCHEMA, build_context, default_template, renderer, report_filename

    template = template or default_template()
    ranked = sum(r.peringkat is not None for r in results)
    inputs = digest("rapor-inputs", sha256_file(template), s.round.year, ranked, repr(s.panel), repr(s.points))
    out = PactOutcome()
    todo = []
    for r, entry in zip(results, entries or [""] * len(results)):
        if not r.evaluated:
            out.skipped[r.kode] = r.status
            continue
        path = s.round.rapor / report_filename(r.kode, r.nama, s.round.year)
        key = digest("rapor", inputs, entry) if entry else ""
        if not (key and cache.output_fresh(path, key)):
            ctx = build_context(s.panel, r, s.round.year, ranked, s.points)
            todo.append((ctx, path, key or digest("rapor", inputs, ctx)))
        out.written[r.kode] = path
    if todo:
        checked_renderer(renderer, template, KIND)  # a broken template stops here, before any worker starts
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


def _run_round(root: Path, year: int, limits: Limits, template: Path | None, pdf: bool, progress: Progress,
               use_cache: bool, jobs: int, workers: Workers) -> EvalRun:
    from .report_card import renderer
    from .compare import add_comparisons, pk_budgets
    from .results_json import Pieces, read_earlier, results_dict
    from .workbook import write_workbook

    start_early(CHECKER, E.Round(Auction.at(root), year), limits, use_cache, jobs, workers)
    s = prepare(root, year, limits, memo=use_cache)
    if template is not None:
        renderer(template)  # a broken custom template stops the round before any output
    rnd = s.round
    make_folders(rnd)
    cache = Cache(rnd.hasil, enabled=use_cache)
    result = check_round(s, limits, progress, cache, jobs, rnd.out.umpan_balik, workers)
    checked = stage.annotate_copies(CHECKER, s, result, cache, progress)
    results = evaluate(s.register, result.submissions, s.points, year, s.panel)
    earlier = read_earlier(rnd.earlier_results())
    add_comparisons(results, earlier, year, pk_budgets(rnd.auction.root / "pk" / str(year) / C.HASIL_DIR / "pk.json"))
    missions = per_mission(results, s.panel.missions)
    pemda = s.register.pemda or s.panel.nama_pemda
    data = results_dict(year, pemda, (s.panel.tahun_awal, s.panel.tahun_akhir), s.register.sha256, s.points,
                        results, missions, s.panel)
    trend = {y: {k: (v["capaian"], v["bersih"]) for k, v in opds.items()} for y, opds in earlier.items()}

    pieces = Pieces(data, cache)  # each OPD's entry of evaluasi.json encoded once, kept in the cache

    def write_results_files() -> None:  # while the workers render the report cards
        key = digest("evaluasi", pieces.key, sorted(trend.items()))
        try:
            if not (cache.output_fresh(rnd.evaluasi_json, key) and cache.output_fresh(rnd.evaluasi_xlsx, key)):
                pieces.write(rnd.evaluasi_json)
                write_workbook(rnd.evaluasi_xlsx, year, pemda, results, missions, trend, s.panel, s.points, cache)
                cache.record_output(rnd.evaluasi_json, key)
                cache.record_output(rnd.evaluasi_xlsx, key)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis hasil di {rnd.hasil}: {exc.strerror}") from None

    cards = _cards(s, results, template, pdf, cache, progress, jobs, during=write_results_files, workers=workers,
                   entries=pieces.keys)
    report = result.report
    summary = {"tahun": year, **counts(result), "rapor": len(cards.written),
               "skipped": dict(sorted(cards.skipped.items()))}
    manifest = finish(rnd, result, checked, cards, cache, [rnd.evaluasi_xlsx, rnd.evaluasi_json], summary)
    return EvalRun(report, results, cards.written, cards.pdfs, manifest, s.panel.dasar_peringkat)
