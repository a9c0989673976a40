"""The batch stages as library functions; the CLI is a thin wrapper over them.

check -> annotated copies + laporan.xlsx; recap; offers; pacts; run (all of them plus
the manifest and per-OPD folders). Nothing here imports click or prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .atomic import clean_stale_temps
from .auction import Auction
from .cache import Cache, NoCache, digest
from .checker import CheckResult, annotate_submission, annotation_key, check_auction
from .errors import AuctionExists, OutputError
from .findings import Pos, make
from .xlsxread import Limits

Progress = Callable[[str, int, int], None]  # (stage label, done, total)


def _noop(stage: str, done: int, total: int) -> None:
    pass


def init_auction(root: Path) -> Auction:
    """Create an auction folder with the Kota Malang 2018 example panel workbook."""
    from .panel_example import write_panel_example

    auction = Auction.at(root)
    if auction.panel.exists():
        raise AuctionExists(f"'{root}' sudah berisi lelang ({auction.panel.name} ada). Tidak ada yang ditimpa.")
    for folder in (auction.formulir, auction.masuk, auction.hasil):
        folder.mkdir(parents=True, exist_ok=True)
    write_panel_example(auction.panel)
    return auction


def write_templates(auction: Auction, only: list[str] | None = None) -> list[Path]:
    """Blank OPD workbooks, one per OPD of the panel workbook, in ``formulir/``."""
    from .formulir import write_formulir
    from .panel import read_panel

    auction.require()
    panel = read_panel(auction.panel)
    errors = [f for f in panel.findings if f.is_error]
    if errors or not panel.usable:
        from .errors import LelangError

        lines = "\n".join(f.line() for f in errors) or "periode (Tahun Awal/Tahun Akhir) tidak valid"
        raise LelangError(f"panel.xlsx belum benar, formulir tidak dibuat:\n{lines}")
    out = []
    wanted = {c.casefold() for c in only} if only else None
    for kode, nama in panel.opds.items():
        if wanted is not None and kode.casefold() not in wanted:
            continue
        path = auction.formulir / f"{kode}.xlsx"
        write_formulir(path, panel, kode, nama)
        out.append(path)
    return out


@dataclass
class CheckOutputs:
    result: CheckResult
    annotated: dict[str, Path] = field(default_factory=dict)  # display name -> copy


def check_and_report(auction: Auction, limits: Limits = Limits(), jobs: int = 1, write: bool = True,
                     progress: Progress = _noop, laporan: bool = True, cache: Cache | None = None,
                     started=None) -> CheckOutputs:
    """Check every submission; write the annotated copies and (unless told not to)
    laporan.xlsx."""
    cache = cache or NoCache()
    if write:
        auction.require()
        _ensure_writable(auction.hasil)
        clean_stale_temps(auction.hasil)
        clean_stale_temps(auction.root, recursive=False)  # penawaran.xlsx is written there
    progress("periksa", 0, 1)
    result = check_auction(auction, limits, jobs, cache, annotate_dir=auction.umpan_balik if write else None,
                           started=started)
    progress("periksa", 1, 1)
    out = CheckOutputs(result)
    if not write:
        return out
    subs = [s for s in result.submissions if s.readable]
    for i, sub in enumerate(subs, start=1):
        progress("anotasi", i - 1, len(subs))
        dest = auction.umpan_balik / sub.path
        key = annotation_key(sub)
        try:
            if result.annotated.get(sub.path) == key:  # written by the worker that checked it
                cache.record_output(dest, key)
            elif not cache.output_fresh(dest, key):
                annotate_submission(auction.masuk / sub.path, dest, sub, result.panel)
                cache.record_output(dest, key)
            out.annotated[sub.path] = dest
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis {dest}: {exc.strerror}") from None
        except Exception as exc:  # openpyxl could not handle a file our reader accepted
            sub.findings.append(make("LK101", Pos(sub.path), detail=f"salinan beranotasi tidak dapat dibuat ({exc.__class__.__name__})"))
    progress("anotasi", len(subs), len(subs))
    _remove_stale(auction.umpan_balik, set(out.annotated.values()))
    if laporan:
        write_report(auction, result.report)
    return out


def write_report(auction: Auction, report, cache: Cache | None = None) -> None:
    from .laporan import write_laporan

    cache = cache or NoCache()
    key = digest("laporan", report.as_dict(), [(f.file, f.kode_opd, f.nama_opd) for f in report.files])
    if cache.output_fresh(auction.laporan, key):
        return
    try:
        write_laporan(auction.laporan, report)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis {auction.laporan}: {exc.strerror}") from None
    cache.record_output(auction.laporan, key)


def _ensure_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".tmp-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"Folder hasil '{folder}' tidak dapat ditulisi: {exc.strerror}") from None


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """Drop outputs of submissions that are no longer in masuk/."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.is_file() and p not in keep:
            p.unlink()




# --------------------------------------------------------------------------- later stages


def _inputs_key(auction: Auction, result: CheckResult) -> list:
    """What every later stage derives from: the panel and each submission's content and
    findings (a cross-file finding changes it too)."""
    from .files import sha256_file

    if result.inputs_key is None:  # computed once per run, used by the offer round and the recap
        result.inputs_key = [sha256_file(auction.panel)] + sorted(
            (s.path, s.sha256, annotation_key(s)) for s in result.submissions)
    return result.inputs_key


def _resolution_content(res) -> list:
    """What the recap shows of a resolution (not where its row sits in penawaran.xlsx)."""
    return [res.indicator.kode, res.status, res.tawaran_nilai, res.tawaran_tahun, res.keputusan,
            res.disepakati_nilai, res.disepakati_tahun, res.selisih_nilai, res.selisih_persen, res.tahun_lebih_cepat]


def write_recap_stage(auction: Auction, result: CheckResult, resolutions=None, cache: Cache | None = None) -> Path:
    cache = cache or NoCache()
    inputs = _inputs_key(auction, result)
    key = digest("rekap", inputs, [_resolution_content(r) for r in resolutions or []])
    if cache.output_fresh(auction.rekap, key):
        return auction.rekap
    from .recap import build_recap, write_recap  # pandas: only when the recap is written
    frames = build_recap(result.panel, result.submissions, resolutions)
    by_opd: dict[str, list] = {}
    for r in resolutions or []:
        by_opd.setdefault(r.kode_opd, []).append(r)
    opd_keys = {s.kode_opd: digest("rekap-opd", inputs[0], s.sha256, annotation_key(s),
                                   [_resolution_content(r) for r in by_opd.get(s.kode_opd, [])])
                for s in result.valid_submissions}
    try:
        write_recap(auction.rekap, frames, result.panel, cache if cache.enabled else None, opd_keys)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis {auction.rekap}: {exc.strerror}") from None
    cache.record_output(auction.rekap, key)
    return auction.rekap


def offers_stage(auction: Auction, result: CheckResult, now=None, cache: Cache | None = None):
    """Create/update penawaran.xlsx, then resolve it. Returns (update, resolutions, findings).

    When neither the submissions nor penawaran.xlsx changed since the last run, the
    previous resolution is reused and the file is left as it is.
    """
    from .files import sha256_file
    from .offers import UNCHANGED, OffersUpdate, resolve_offers, write_offers

    cache = cache or NoCache()
    inputs = _inputs_key(auction, result)

    def key_now() -> str:
        return digest("offers", inputs, sha256_file(auction.penawaran) if auction.penawaran.is_file() else "")

    cached = cache.get_blob(key_now())
    if cached is not None:
        resolutions, found = cached
        return OffersUpdate(auction.penawaran, UNCHANGED, rows=len(resolutions)), resolutions, found
    try:
        update = write_offers(auction.penawaran, result.panel, result.submissions, now=now)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis {auction.penawaran}: {exc.strerror}") from None
    resolutions, found = resolve_offers(auction.penawaran, result.panel, result.valid_submissions)
    cache.put_blob(key_now(), (resolutions, found))
    return update, resolutions, found


@dataclass
class PactOutcome:
    written: dict[str, Path] = field(default_factory=dict)  # kode OPD -> docx
    skipped: dict[str, str] = field(default_factory=dict)  # kode OPD -> reason (Indonesian)
    pdfs: dict[str, Path] = field(default_factory=dict)


_RENDERER = None  # one prepared renderer per worker process


def _init_renderer(template: Path) -> None:
    global _RENDERER
    from .pacts import PactRenderer

    _RENDERER = PactRenderer(template)


def _render_one(context: dict, path: Path) -> Path:
    return _RENDERER.render(context, path)


def _render_all(template: Path, todo: list[tuple[dict, Path]], jobs: int, progress: Progress) -> None:
    """Render pacts, in worker processes when there are enough of them to pay."""
    if jobs <= 1 or len(todo) < 8:
        _init_renderer(template)
        for i, (context, path) in enumerate(todo):
            progress("pakta", i, len(todo))
            _render_one(context, path)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_renderer, initargs=(template,)) as pool:
        futures = [pool.submit(_render_one, context, path) for context, path in todo]
        for i, fut in enumerate(futures):
            progress("pakta", i, len(todo))
            fut.result()


def pacts_stage(auction: Auction, result: CheckResult, resolutions, template: Path | None = None,
                pdf: bool = False, progress: Progress = _noop, cache: Cache | None = None, jobs: int = 1) -> PactOutcome:
    """One pact per OPD whose submission has no errors and whose offers are all decided."""
    from .pact_context import build_context, default_template, pact_filename

    from .files import sha256_file

    cache = cache or NoCache()
    template = template or default_template()
    template_sha = sha256_file(template)
    outcome = PactOutcome()
    by_opd: dict[str, list] = {}
    for res in resolutions:
        by_opd.setdefault(res.kode_opd, []).append(res)
    seen_codes: dict[str, int] = {}
    for sub in result.submissions:
        if sub.identity.kode_opd:
            seen_codes[sub.identity.kode_opd] = seen_codes.get(sub.identity.kode_opd, 0) + 1
    for sub in result.submissions:
        kode = sub.identity.kode_opd
        if not sub.readable:
            continue
        if not sub.valid:
            outcome.skipped[kode or sub.path] = f"formulir masih memiliki {sub.errors} galat"
    ready = [s for s in result.valid_submissions if seen_codes.get(s.identity.kode_opd, 0) == 1]
    out_dir = auction.pakta
    keep: set[Path] = set()
    todo: list[tuple[dict, Path]] = []
    keys: dict[Path, str] = {}
    for sub in ready:
        kode = sub.identity.kode_opd
        recs = by_opd.get(kode, [])
        undecided = [r for r in recs if not r.decided]
        if undecided:
            outcome.skipped[kode] = f"{len(undecided)} tawaran belum diputuskan atau tidak valid di penawaran.xlsx"
            continue
        name = pact_filename(kode, result.panel.opds.get(kode, sub.identity.nama_opd))
        path = out_dir / name
        context = build_context(result.panel, sub, recs)
        key = digest("pact", template_sha, context)
        if not cache.output_fresh(path, key):
            todo.append((context, path))
            keys[path] = key
        outcome.written[kode] = path
        keep.add(path)
    if todo:
        from .pacts import PactRenderer

        PactRenderer(template)  # a broken template stops here with its problems, before any worker starts
        try:
            _render_all(template, todo, jobs, progress)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis pakta di {out_dir}: {exc.strerror}") from None
        for path, key in keys.items():
            cache.record_output(path, key)
    progress("pakta", len(todo), len(todo))
    if pdf and outcome.written:
        from .pdf import convert_to_pdf

        pdfs = convert_to_pdf(list(outcome.written.values()), out_dir)
        for kode, docx in outcome.written.items():
            p = docx.with_suffix(".pdf")
            if p in pdfs:
                outcome.pdfs[kode] = p
                keep.add(p)
    _remove_stale(out_dir, keep)
    return outcome
