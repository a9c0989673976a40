"""``lelang run``: the one batch the secretariat runs.

check (annotated copies) -> offers (create/update penawaran.xlsx, resolve) -> recap ->
pacts -> laporan.xlsx (every finding, offers included) -> per-OPD folders -> manifest.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import contract as C
from .auction import Auction
from .model import ACCEPTED, INVALID, PACT_ISSUED, PACT_LOCKED, PACT_SIGNED, REFUSED, UNDECIDED, PactState, Resolution
from .output.retire import Retired, described, own_outputs, retire
from .reading.xlsxread import Limits
from .workers import Workers

if TYPE_CHECKING:  # the stages are imported when a run needs them (an unchanged re-run does not: rerun.py)
    from .cache import Cache
    from .checking.findings import Finding, Report
    from .pipeline import CheckOutputs, PactOutcome

Progress = Callable[[str, int, int], None]  # (stage label, done, total), as pipeline.Progress


def _noop(stage: str, done: int, total: int) -> None:
    pass


def check_and_report(*args, **kwargs):
    """pipeline.check_and_report, imported when a run starts checking."""
    from .pipeline import check_and_report as check

    return check(*args, **kwargs)


def _no_pacts():
    from .agreement.stage import PactOutcome

    return PactOutcome()


@dataclass
class OpdRow:
    kode: str
    nama: str
    status: str
    errors: int = 0
    warnings: int = 0
    offers: int = 0
    sanggup: int = 0
    tidak_sanggup: int = 0
    undecided: int = 0  # offers without a decision yet
    invalid: int = 0  # offers decided (or typed) with a value that is not valid (LK506 ...)
    pact: bool = False
    note: str = ""
    state: PactState | None = None  # where the OPD stands on its pact (model.PACT_*), with reason and next step


@dataclass
class RunResult:
    report: Report
    rows: list[OpdRow] = field(default_factory=list)
    pacts: PactOutcome = field(default_factory=_no_pacts)
    offers_update: object = None
    manifest: dict = field(default_factory=dict)
    decks_error: str = ""  # why the presentation decks could not be made (the rest of the run is complete)
    retired: Retired = field(default_factory=Retired)  # stale outputs removed, foreign files archived

    @property
    def states(self) -> dict[str, PactState]:
        """One PactState per OPD: panel list order, then unknown codes."""
        return self.pacts.states

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def run_batch(auction: Auction, limits: Limits = Limits(), jobs: int = 1, template: Path | None = None,
              pdf: bool = False, progress: Progress = _noop, use_cache: bool = True, paparan: bool = False) -> RunResult:
    auction.require()
    if template is not None:
        from .documents.pacts import PactRenderer

        PactRenderer(template)  # a broken custom template stops the batch before any output
    from . import rerun

    if use_cache:  # the salt of every cache key, without reading the sources when they did not change
        from .cache import CACHE_DIR, remember_salt

        remember_salt(auction.hasil / CACHE_DIR)
    options = rerun.options_key(limits, template, pdf)
    if use_cache and not paparan:  # nothing changed since the last run: its result (lelang_xlsx/rerun.py)
        unchanged = rerun.lookup(auction, options)
        if unchanged is not None:
            return unchanged
    rerun.forget(auction)
    renderers = ("lelang_xlsx.documents.pacts",) + (("lelang_xlsx.paparan.deck",) if paparan else ())
    with _RunWorkers(jobs, renderers) as workers:  # one pool for the run, started while this process is small
        return _run(auction, limits, jobs, template, pdf, progress, use_cache, paparan, options, workers)


class _RunWorkers(Workers):
    """The run's pool. The workers render the pacts (and decks) too: those modules are
    imported here just before the workers start, so that they inherit them instead of each
    paying the import; a run that starts no worker (a re-run with little to do) does not
    import them unless it renders here."""

    def __init__(self, jobs: int, modules: tuple[str, ...]):
        super().__init__(jobs)
        self.modules = modules

    def pool(self):
        if self.modules and self.jobs > 1:
            modules, self.modules = self.modules, ()
            for name in modules:
                importlib.import_module(name)
        return super().pool()


def _run(auction: Auction, limits: Limits, jobs: int, template: Path | None, pdf: bool, progress: Progress,
         use_cache: bool, paparan: bool, options, workers: Workers) -> RunResult:
    from . import rerun
    from .cache import Cache
    from .output.manifest import write_manifest
    from .pipeline import PactOutcome, offers_stage, pacts_stage, start_recap_stage, write_report
    from .reading.files import hidden_files

    cache = Cache(auction.hasil, enabled=use_cache)
    preload: list = []
    def started(panel, n_files: int) -> None:  # the workers check; this process reads ahead meanwhile
        preload.append(_preload_later_stages())
        preload.append(_read_ahead(auction, panel, n_files, limits, cache))

    checked: CheckOutputs = check_and_report(auction, limits, jobs, write=True, progress=progress, laporan=False, cache=cache,
                                               started=started, workers=workers)
    result = checked.result
    for thread in preload:
        thread.join()
    offer_findings: list[Finding] = []
    resolutions: list[Resolution] = []
    update = None
    if result.panel.usable:
        progress("penawaran", 0, 1)
        update, resolutions, offer_findings = offers_stage(auction, result, cache=cache)
        progress("penawaran", 1, 1)

        progress("rekap", 0, 1)
        finish_recap = start_recap_stage(auction, result, resolutions, cache, workers, jobs)  # blocks: in the workers

        def recap() -> None:  # written while the workers render the pacts
            finish_recap()
            progress("rekap", 1, 1)

        pacts = pacts_stage(auction, result, resolutions, template, pdf, progress, cache, jobs,
                            sessions=update.sessions, offer_findings=offer_findings,
                            offer_digests=update.offer_digests, workers=workers, during=recap)
        _note_new_pacts(auction, checked, pacts, cache, workers, jobs)
    else:
        pacts = PactOutcome()
    report = result.report
    report.general.extend(offer_findings)
    report.general.extend(pacts.findings)
    write_report(auction, report, cache, pacts.states if result.panel.usable else None, result.issued)
    retired = checked.retired
    per_opd = _per_opd(auction, result, checked, pacts, retired)
    decks: list[Path] = []
    decks_error = ""
    if paparan and result.panel.usable:  # the decks come after what every OPD needs: they never hold it up
        decks, decks_error = _decks(auction, result, resolutions, cache, progress, jobs, workers, retired)
    old_decks = _retire_old_decks(auction, retired) if not paparan else []
    rows = _rows(result, resolutions, pacts)
    inputs = _inputs(auction, result)
    outputs = [auction.laporan, auction.rekap, auction.penawaran, *checked.annotated.values(),
               *pacts.written.values(), *pacts.pdfs.values(), *per_opd, *decks,
               *(p for p in (auction.hasil / C.KESEPAKATAN_JSON, auction.hasil / C.KESEPAKATAN_XLSX) if p.is_file())]
    summary = {
        "files": len(result.submissions),
        "valid": len(result.valid_submissions),
        "errors": report.errors,
        "warnings": report.warnings,
        "pacts": len(pacts.written),
        "skipped": dict(sorted(pacts.skipped.items())),
        "pact_states": {k: {"state": st.state, "reason": st.reason, "next_step": st.next_step, "pact": st.pact}
                        for k, st in pacts.states.items()},
        "withdrawn": {k: {"archived": p.relative_to(auction.root).as_posix() if p.is_relative_to(auction.root) else str(p),
                          "reason": why} for k, (p, why) in sorted(pacts.withdrawn.items())},
        "archived_foreign": described(retired, auction.root),  # files the tool did not write, moved to hasil/arsip/
        "hidden_skipped": [f"{C.MASUK_DIR}/{n}" for n in hidden_files(auction.masuk)],  # not read, said
        "paparan_removed": old_decks,  # decks of an earlier run, no longer current (a run without --paparan)
        "amended": dict(sorted(pacts.amended.items())),
    }
    manifest = write_manifest(auction.manifest, auction.root, inputs, outputs, summary)
    cache.save()
    out = RunResult(report, rows, pacts, update, manifest, decks_error, retired)
    if use_cache and not paparan:
        rerun.record(auction, options, out)
    return out


def _note_new_pacts(auction: Auction, checked: CheckOutputs, pacts: PactOutcome, cache: Cache,
                    workers: Workers | None = None, jobs: int = 1) -> None:
    """Pacts issued in this run: their OPDs' annotated copies now say not to resend
    (written again by the run's workers)."""
    from .pipeline import annotate_copies

    result = checked.result
    new = frozenset(k for k, st in pacts.states.items() if st.state in (PACT_ISSUED, PACT_SIGNED, PACT_LOCKED)) - result.issued
    if new:
        result.issued = result.issued | new
        annotate_copies(auction, checked, cache, only=new, workers=workers, jobs=jobs)


def _retire_old_decks(auction: Auction, retired: Retired) -> list[str]:
    """A run without --paparan: decks of an earlier run would still show its undecided
    offers and invalid forms. The tool's own are removed (their names returned, relative to
    the auction folder), anything else in hasil/paparan/ is archived (``retired``)."""
    old = retire(auction.hasil / C.PAPARAN_DIR, set(), pattern="*.pptx")
    retired.extend(old)
    return [p.relative_to(auction.root).as_posix() for p in old.removed]


def _decks(auction: Auction, result, resolutions, cache: Cache, progress: Progress, jobs: int,
           workers: Workers, retired: Retired) -> tuple[list[Path], str]:
    """The presentation decks (lelang_xlsx/paparan/); a failure of the stage is said, not
    raised: laporan.xlsx, the per-OPD folders and the manifest are written all the same."""
    from .errors import OutputError
    from .paparan import paparan_stage

    try:
        outcome = paparan_stage(auction, result, resolutions, cache, progress, jobs, workers)
        retired.extend(outcome.retired)
        return outcome.paths, ""
    except OutputError as exc:
        return [], str(exc)
    except Exception as exc:  # a worker that died, data the decks did not foresee
        return [], f"{exc.__class__.__name__}: {exc}"


def _preload_later_stages() -> threading.Thread:
    """Import the later stages (recap, offers, XlsxWriter) while the workers check the
    files: the main process only waits then, so the imports cost no wall time."""
    def work() -> None:
        for name in ("lelang_xlsx.recap", "lelang_xlsx.agreement.offers"):  # the pacts' with the pool (_RunWorkers)
            try:
                importlib.import_module(name)
            except Exception:  # the stage itself will report it
                pass

    thread = threading.Thread(target=work, name="preload", daemon=True)
    thread.start()
    return thread


def _read_ahead(auction: Auction, panel, n_files: int, limits: Limits, cache: Cache) -> threading.Thread:
    """Read penawaran.xlsx while the workers check the forms (agreement/offer_cache.py
    ``prefetch_offer_file``): the offer round, which waits for every check, then starts
    from the file as read. Any problem is left to the offer round, which reports it."""
    def work() -> None:
        try:
            from .agreement.offers import offer_limits, prefetch_offer_file

            prefetch_offer_file(auction.penawaran, offer_limits(limits, len(panel.opds) + n_files),
                                cache if cache.enabled else None)
        except Exception:
            pass

    thread = threading.Thread(target=work, name="read-ahead", daemon=True)
    thread.start()
    return thread


def _inputs(auction: Auction, result) -> list[dict]:
    from .output.manifest import entry

    out = [entry(auction.panel, auction.root, status="panel", errors=sum(f.is_error for f in result.panel.findings))]
    for sub in result.submissions:
        p = auction.masuk / sub.path
        item = {"path": f"{C.MASUK_DIR}/{sub.path}", "sha256": sub.sha256, "size": p.stat().st_size if p.is_file() and not p.is_symlink() else 0,
                "kode_opd": sub.identity.kode_opd, "status": C.FORM_VALID if sub.valid else C.FORM_ERRORS,
                "errors": sub.errors, "warnings": sub.warnings}
        out.append(item)
    return out


def _copy(src: Path, dest: Path) -> bool:
    """A copy (reading/files.py place_copy, never a hard link); False when the name is too long
    for the file system there (that file only: the batch goes on)."""
    import errno

    from .reading.files import place_copy

    try:
        place_copy(src, dest)
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            raise
        return False
    return True


def _per_opd(auction: Auction, result, checked: CheckOutputs, pacts: PactOutcome,
             retired: Retired | None = None) -> list[Path]:
    """hasil/per-opd/<KODE>/: what goes back to each OPD. Files there the tool did not
    write are moved to hasil/arsip/per-opd/<KODE>/ (``retired`` says which)."""
    retired = Retired() if retired is None else retired
    written: list[Path] = []
    folders: set[Path] = set()
    for sub in result.submissions:
        kode = sub.identity.kode_opd
        if not kode or sub.path not in checked.annotated:
            continue
        folder = auction.per_opd / _safe_dirname(kode)
        folders.add(folder)
        dest = folder / sub.path
        if _copy(checked.annotated[sub.path], dest):
            written.append(dest)
    for kode, path in list(pacts.written.items()) + list(pacts.pdfs.items()):
        folder = auction.per_opd / _safe_dirname(kode)
        folders.add(folder)
        dest = folder / path.name
        if _copy(path, dest):
            written.append(dest)
    keep = set(written)
    if auction.per_opd.is_dir():
        own = own_outputs(auction.hasil)  # what earlier runs wrote: removed when stale; anything else archived
        for folder in sorted(auction.per_opd.iterdir()):
            if folder.is_dir() and not folder.is_symlink():
                retired.extend(retire(folder, keep, own))
                if folder not in folders and not any(folder.iterdir()):
                    folder.rmdir()
    return written


def _safe_dirname(kode: str) -> str:
    """The per-OPD folder of a code: the code itself when it is a plain name, else its
    plain form plus a short hash of the code, so two codes never share a folder
    ('A/B' and 'A_B' would both be 'A_B')."""
    import hashlib
    import re

    plain = re.sub(r"[^A-Za-z0-9_.-]+", "_", kode).strip("._")[:64] or "OPD"
    if plain == kode:
        return plain
    return f"{plain}-{hashlib.sha256(kode.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"


def _rows(result, resolutions: list[Resolution], pacts: PactOutcome) -> list[OpdRow]:
    panel = result.panel
    by_code: dict[str, list] = {}
    for sub in result.submissions:
        by_code.setdefault(sub.identity.kode_opd or f"({sub.path})", []).append(sub)
    res_by: dict[str, list[Resolution]] = {}
    for r in resolutions:
        res_by.setdefault(r.kode_opd, []).append(r)
    rows = []
    order = list(panel.opds) + [k for k in by_code if k not in panel.opds]
    for kode in order:
        subs = by_code.get(kode, [])
        nama = panel.opds.get(kode) or (subs[0].identity.nama_opd if subs else "")
        if not subs:
            rows.append(OpdRow(kode, nama, "belum mengirim", note=pacts.skipped.get(kode, ""), state=pacts.states.get(kode)))
            continue
        errors = sum(s.errors for s in subs)
        warnings = sum(s.warnings for s in subs)
        recs = res_by.get(kode, [])
        row = OpdRow(
            kode, nama,
            C.FORM_ERRORS if errors else ("valid dengan peringatan" if warnings else C.FORM_VALID),
            errors, warnings,
            offers=sum(r.has_offer for r in recs),
            sanggup=sum(r.status == ACCEPTED for r in recs),
            tidak_sanggup=sum(r.status == REFUSED for r in recs),
            undecided=sum(r.status == UNDECIDED for r in recs),
            invalid=sum(r.status == INVALID for r in recs),
            pact=kode in pacts.written,
            note=pacts.skipped.get(kode, ""),
            state=pacts.states.get(kode),
        )
        rows.append(row)
    return rows
