"""The PK round's stages as library functions (``lelang pk run``).

check (annotated copies) -> the lock's decisions per OPD -> PK documents (workers;
archive of superseded ones) -> status-pk.xlsx, perjanjian-kinerja-Y.xlsx, pk.json ->
laporan.xlsx -> per-OPD folders -> manifest. Nothing here imports click or prints.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..auction import Auction
from ..cache import Cache, digest
from ..checking.findings import Report
from ..errors import OutputError
from ..pipeline import PactOutcome, Progress, _noop, _remove_stale, _render_all
from ..reading.files import sha256_file
from ..reading.xlsxread import Limits
from ..rounds import stage
from ..rounds.outputs import checked_renderer, counts, finish, make_folders, start_early
from ..workers import Workers
from . import contract as K
from .check_stage import CHECKER, check_round
from .document import KIND, SCHEMA, build_context, default_template, pk_filename, renderer
from .issue import TANPA, Context, Outcome, decide
from .results import pk_dict, read_previous, write_pk_json
from .setup import Setup, prepare
from .status import Entry, Row, read_status, write_status


@dataclass
class PkRun:
    report: Report
    outcomes: list[Outcome] = field(default_factory=list)
    without: dict[str, str] = field(default_factory=dict)  # kode -> nama: no agreement in force
    docs: dict[str, Path] = field(default_factory=dict)  # kode -> docx of the PK in force
    pdfs: dict[str, Path] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def run_round(root: Path, year: int, limits: Limits = Limits(), template: Path | None = None, pdf: bool = False,
              progress: Progress = _noop, use_cache: bool = True, jobs: int = 1) -> PkRun:
    with Workers(jobs) as workers:  # one pool for the round: checks and PK documents
        return _run_round(root, year, limits, template, pdf, progress, use_cache, jobs, workers)


def _by_opd(result, s: Setup) -> dict[str, object]:
    """The form of each OPD (the first one when an OPD sent two: both carry LK204)."""
    out: dict[str, object] = {}
    for sub in result.submissions:
        kode = C.norm(sub.identity.kode_opd)
        if kode and sub.is_form and kode not in out:
            out[kode] = sub
    return out


def _decide(s: Setup, result, previous: dict, entries: dict[str, Entry]) -> list[Outcome]:
    rnd = s.round
    root = rnd.auction.root
    ctx = Context(s.year, s.panel, rnd.docs.relative_to(root).as_posix(), rnd.arsip.relative_to(root).as_posix())
    forms = _by_opd(result, s)
    out = []
    for kode, a in s.agreements.items():
        out.append(decide(a, forms.get(C.norm(kode)), previous.get(kode), entries.get(C.norm(kode), Entry()), ctx,
                          pk_filename(kode, a.nama_opd)))
    for kode, nama in s.without.items():
        out.append(Outcome(kode, nama, TANPA, f"tidak ada kesepakatan yang berlaku untuk tahun {s.year}; tidak ada PK"))
    return out


def _archive(rnd: K.Round, o: Outcome) -> None:
    """Move the superseded version's files to hasil/arsip/ (never deleted)."""
    root = rnd.auction.root
    old, new = o.archive, o.versi[-2]
    src, dest = root / old["berkas"], root / new["berkas"]
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        for a, b in ((src, dest), (src.with_suffix(".pdf"), dest.with_suffix(".pdf"))):
            if a.is_file():
                shutil.move(str(a), str(b))
    except OSError as exc:
        raise OutputError(f"Tidak dapat memindahkan {src} ke arsip: {exc.strerror}") from None


def _documents(s: Setup, outcomes: list[Outcome], template: Path | None, pdf: bool, progress: Progress, jobs: int,
               workers: Workers, during) -> PactOutcome:
    """Render the PKs to write (new versions; in-force ones whose file is missing), archive
    the superseded ones first; ``during()`` runs meanwhile. Records each file's SHA-256."""
    rnd, root = s.round, s.round.auction.root
    out = PactOutcome()
    todo = []
    for o in outcomes:
        cur = o.current
        if cur is None:
            continue
        path = root / cur["berkas"]
        out.written[o.kode] = path
        if o.archive is not None:
            _archive(rnd, o)
        if o.render or not path.is_file():
            replaces = o.versi[-2]["tanggal"] if len(o.versi) > 1 else None
            ctx = build_context(s.panel, s.pemda, o.isi, s.year, _date(cur["tanggal"]), cur["versi"],
                                _date(replaces) if replaces else None)
            todo.append((ctx, path))
    if todo:
        template = template or default_template()
        checked_renderer(renderer, template, KIND)  # a broken template stops here, before any worker starts
        rnd.docs.mkdir(parents=True, exist_ok=True)
        try:
            _render_all(template, todo, jobs, progress, "pk", SCHEMA, KIND, workers=workers, during=during)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis PK di {rnd.docs}: {exc.strerror}") from None
    elif during is not None:
        during()
    written = {p for _, p in todo}
    for o in outcomes:
        if o.current is not None and (root / o.current["berkas"]) in written:
            o.current["sha256"] = sha256_file(root / o.current["berkas"])
    keep = set(out.written.values())
    if pdf and out.written:
        from ..documents.pdf import convert_to_pdf

        need = [p for p in out.written.values() if p in written or not p.with_suffix(".pdf").is_file()]
        convert_to_pdf(need, rnd.docs)
    for kode, docx in out.written.items():
        if docx.with_suffix(".pdf").is_file():
            out.pdfs[kode] = docx.with_suffix(".pdf")
            keep.add(docx.with_suffix(".pdf"))
    _remove_stale(rnd.docs, keep)
    return out


def _date(iso: str):
    import datetime as dt

    return dt.date.fromisoformat(iso)


def _status_rows(outcomes: list[Outcome], entries: dict[str, Entry]) -> list[Row]:
    rows = []
    for o in outcomes:
        e = entries.get(C.norm(o.kode), Entry())
        cur = o.current
        total = sum(p.get("anggaran") or 0 for p in (o.isi or {}).get("program", [])) if o.isi else None
        keep_signed = not o.issued_now
        if cur is not None and keep_signed and e.ditandatangani is not None:
            cur["ditandatangani"] = e.ditandatangani.isoformat()
        rows.append(Row(o.kode, o.nama, o.status, o.keterangan, cur["versi"] if cur else None, total,
                        Path(cur["berkas"]).name if cur else "", e.tanggal if not (o.issued_now and cur["versi"] > 1)
                        else _date(cur["tanggal"]), e.ditandatangani if keep_signed else None,
                        e.perubahan and not o.issued_now))
    return rows


def _run_round(root: Path, year: int, limits: Limits, template: Path | None, pdf: bool, progress: Progress,
               use_cache: bool, jobs: int, workers: Workers) -> PkRun:
    from .workbook import write_workbook

    start_early(CHECKER, K.Round(Auction.at(root), year), limits, use_cache, jobs, workers)
    s = prepare(root, year, limits, memo=use_cache)
    if template is not None:
        renderer(template)  # a broken custom template stops the round before any output
    rnd = s.round
    make_folders(rnd)
    entries = read_status(rnd.status, limits)
    previous = read_previous(rnd.pk_json, year)
    cache = Cache(rnd.hasil, enabled=use_cache)
    result = check_round(s, limits, progress, cache, jobs, rnd.out.umpan_balik, workers)
    checked = stage.annotate_copies(CHECKER, s, result, cache, progress)
    outcomes = _decide(s, result, previous, entries)

    def write_tables() -> None:  # while the workers render the PKs
        data = pk_dict(year, s.pemda, s.register.sha256, outcomes)
        key = digest("pk-workbook", data["opd"], s.panel.missions)
        try:
            if not cache.output_fresh(rnd.workbook, key):
                write_workbook(rnd.workbook, year, s.pemda, data["opd"], s.panel.missions)
                cache.record_output(rnd.workbook, key)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis {rnd.workbook}: {exc.strerror}") from None

    docs = _documents(s, outcomes, template, pdf, progress, jobs, workers, write_tables)
    rows = _status_rows(outcomes, entries)
    data = pk_dict(year, s.pemda, s.register.sha256, outcomes)  # with the documents' SHA-256 and signed dates
    try:
        key = digest("pk-json", data)
        if not (cache.output_fresh(rnd.pk_json, key) and cache.output_fresh(rnd.status, key)):
            write_pk_json(rnd.pk_json, data, cache)
            write_status(rnd.status, year, rows)
            cache.record_output(rnd.pk_json, key)
            cache.record_output(rnd.status, key)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis hasil di {rnd.hasil}: {exc.strerror}") from None
    states: dict[str, int] = {}
    for o in outcomes:
        states[o.status] = states.get(o.status, 0) + 1
    summary = {"tahun": s.year, **counts(result), "pk": len(docs.written), "status": dict(sorted(states.items()))}
    manifest = finish(rnd, result, checked, docs, cache, [rnd.status, rnd.workbook, rnd.pk_json], summary)
    return PkRun(result.report, outcomes, dict(s.without), docs.written, docs.pdfs, manifest)
