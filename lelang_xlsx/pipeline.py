"""The batch stages as library functions; the CLI is a thin wrapper over them.

check -> annotated copies + laporan.xlsx; recap; offers; pacts; run (all of them plus
the manifest and per-OPD folders). Nothing here imports click or prints.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .output.atomic import clean_stale_temps
from .output.retire import Retired, retire
from .auction import Auction
from .cache import Cache, NoCache, digest
from .checking.checker import CheckResult, annotate_submission, annotation_key, check_auction
from .errors import AuctionExists, OutputError
from . import contract as C
from .checking.findings import Pos, make
from .agreement.stage import PactOutcome, pacts_stage  # noqa: F401  (the pact stage lives in agreement/)
from .reading.xlsxread import Limits

Progress = Callable[[str, int, int], None]  # (stage label, done, total)


def _noop(stage: str, done: int, total: int) -> None:
    pass


def init_auction(root: Path) -> Auction:
    """Create an auction folder with the Kota Malang 2018 example panel workbook.
    An existing folder keeps its panel.xlsx: see :func:`upgrade_auction_panel`."""
    from .workbooks.panel_example import write_panel_example

    auction = Auction.at(root)
    if auction.panel.exists():
        raise AuctionExists(f"'{root}' sudah berisi lelang ({auction.panel.name} ada). Tidak ada yang ditimpa.")
    for folder in (auction.formulir, auction.masuk, auction.hasil):
        folder.mkdir(parents=True, exist_ok=True)
    write_panel_example(auction.panel)
    return auction


def upgrade_auction_panel(auction: Auction) -> tuple[list[str], Path | None]:
    """Add to an existing panel.xlsx the sheets and settings this version introduced
    (defaults), keeping the old file in hasil/arsip/. Returns (what was added, backup)."""
    from .reading.tables import open_workbook
    from .reading.xlsxread import Limits
    from .checking.findings import Pos
    from .workbooks.panel_upgrade import upgrade_panel

    wb, found = open_workbook(auction.panel, Pos(auction.panel.name), Limits())
    if wb is None:  # unreadable or unsafe: left alone; `lelang check` reports it
        return [], None
    arsip = auction.hasil / C.ARSIP_DIR
    before = set(arsip.iterdir()) if arsip.is_dir() else set()
    added = upgrade_panel(auction.panel, arsip)
    after = set(arsip.iterdir()) if arsip.is_dir() else set()
    return added, next(iter(after - before), None)


def write_templates(auction: Auction, only: list[str] | None = None) -> list[Path]:
    """Blank OPD workbooks, one per OPD of the panel workbook, in ``formulir/``."""
    from .workbooks.formulir import write_formulir
    from .reading.panel import read_panel

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
        if path.parent != auction.formulir:  # never outside formulir/ (codes are checked in panel.xlsx, LK605)
            continue
        write_formulir(path, panel, kode, nama)
        out.append(path)
    return out


@dataclass
class CheckOutputs:
    result: CheckResult
    annotated: dict[str, Path] = field(default_factory=dict)  # display name -> copy
    retired: Retired = field(default_factory=Retired)  # old copies removed; files the tool did not write archived


def check_and_report(auction: Auction, limits: Limits = Limits(), jobs: int = 1, write: bool = True,
                     progress: Progress = _noop, laporan: bool = True, cache: Cache | None = None,
                     started=None, workers=None) -> CheckOutputs:
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
                           started=started, workers=workers)
    n = len(result.submissions)
    progress("periksa", n, n)  # the line counts the forms checked
    out = CheckOutputs(result)
    if not write:
        return out
    annotate_copies(auction, out, cache, progress, workers=workers, jobs=jobs)
    if laporan:
        write_report(auction, result.report, issued=result.issued)
    return out


def annotate_copies(auction: Auction, out: CheckOutputs, cache: Cache, progress: Progress = _noop,
                    only: frozenset[str] | None = None, workers=None, jobs: int = 1) -> None:
    """The annotated copy of every readable submission (kept when fresh); with ``only``,
    of those OPDs' submissions (after the pact stage: the OPDs whose pact was just issued,
    whose next step now says not to resend). With ``workers`` (the run's pool) and
    ``jobs`` > 1, the copies to write are written by the workers."""
    result = out.result
    subs = [s for s in result.submissions if s.readable and (only is None or s.identity.kode_opd in only)]
    done: dict[str, Path] = {}
    todo: list[tuple] = []  # (submission, copy, key, pact issued)
    for i, sub in enumerate(subs, start=1):
        progress("anotasi", i - 1, len(subs))
        dest = auction.umpan_balik / sub.path
        issued = result.pact_issued(sub)
        key = annotation_key(sub, issued)
        if result.annotated.get(sub.path) == key:  # written by the worker that checked it
            cache.record_output(dest, key)
            done[sub.path] = dest
        elif cache.output_fresh(dest, key):
            done[sub.path] = dest
        else:
            todo.append((sub, dest, key, issued))
    for (sub, dest, key, issued), outcome in zip(todo, _annotate_all(auction, todo, result.panel, workers, jobs)):
        if outcome is None:
            cache.record_output(dest, key)
            done[sub.path] = dest
        elif isinstance(outcome, OSError) and outcome.errno == errno.ENAMETOOLONG:  # this file only: the batch goes on
            sub.findings.append(make("LK101", Pos(sub.path), detail="nama berkas terlalu panjang untuk menulis salinan "
                                                                    "beranotasinya; pendekkan nama berkas lalu kirim ulang"))
        elif isinstance(outcome, OSError):
            raise OutputError(f"Tidak dapat menulis {dest}: {outcome.strerror}") from None
        else:  # openpyxl could not handle a file our reader accepted
            sub.findings.append(make("LK101", Pos(sub.path), detail=f"salinan beranotasi tidak dapat dibuat ({outcome.__class__.__name__})"))
    for sub in subs:  # in the order of the submissions
        if sub.path in done:
            out.annotated[sub.path] = done[sub.path]
    progress("anotasi", len(subs), len(subs))
    if only is None:
        out.retired.extend(_remove_stale(auction.umpan_balik, set(out.annotated.values())))


def _annotate_all(auction: Auction, todo: list[tuple], panel, workers, jobs: int) -> list[Exception | None]:
    """Write the annotated copies of ``todo``; per copy None or the exception it raised.
    In the run's workers when there are enough copies to pay, else here."""
    from .checking.checker import annotate_task, annotation_heading, annotation_items

    def here(sub, dest, issued) -> Exception | None:
        try:
            annotate_submission(auction.masuk / sub.path, dest, sub, panel, issued)
        except Exception as exc:
            return exc
        return None

    pool = workers.pool() if workers is not None and jobs > 1 and len(todo) >= 4 else None
    if pool is None:
        return [here(sub, dest, issued) for sub, dest, _, issued in todo]
    from concurrent.futures.process import BrokenProcessPool
    futures = [pool.submit(annotate_task, auction.masuk / sub.path, dest, annotation_items(sub),
                           annotation_heading(sub, panel, issued)) for sub, dest, _, issued in todo]
    outcomes: list[Exception | None] = []
    for (sub, dest, _, issued), fut in zip(todo, futures):
        try:
            fut.result()
            outcomes.append(None)
        except BrokenProcessPool:  # a worker died: this process writes the copy
            workers.reset()
            outcomes.append(here(sub, dest, issued))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def write_report(auction: Auction, report, cache: Cache | None = None, states=None,
                 issued: frozenset[str] = frozenset()) -> None:
    """laporan.xlsx; with ``states`` (kode OPD -> PactState) its first sheet says where each
    pact stands; ``issued``: OPDs whose pact is issued (their files' next step differs)."""
    from .workbooks.laporan import write_laporan

    cache = cache or NoCache()
    key = digest("laporan", report.as_dict(), [(f.file, f.kode_opd, f.nama_opd) for f in report.files],
                 None if states is None else [(k, s.state, s.reason, s.next_step, s.pact) for k, s in states.items()],
                 sorted(issued))
    if cache.output_fresh(auction.laporan, key):
        return
    try:
        write_laporan(auction.laporan, report, states, issued)
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


def _remove_stale(folder: Path, keep: set[Path]) -> Retired:
    """Drop outputs of submissions that are no longer in masuk/: only what the tool wrote
    itself; any other file is moved to hasil/arsip/ (lelang_xlsx/output/retire.py)."""
    return retire(folder, keep)




# --------------------------------------------------------------------------- later stages


def _inputs_key(auction: Auction, result: CheckResult) -> list:
    """What every later stage derives from: the panel and each submission's content and
    findings (a cross-file finding changes it too)."""
    from .reading.files import sha256_file

    if result.inputs_key is None:  # computed once per run, used by the offer round and the recap
        result.inputs_key = [sha256_file(auction.panel)] + sorted(
            (s.path, s.sha256, annotation_key(s)) for s in result.submissions)
    return result.inputs_key


def _resolution_content(res) -> list:
    """What the recap shows of a resolution (not where its row sits in penawaran.xlsx)."""
    return [res.indicator.kode, res.status, res.tawaran_nilai, res.tawaran_tahun, res.keputusan,
            res.disepakati_nilai, res.disepakati_tahun, res.selisih_nilai, res.selisih_persen, res.tahun_lebih_cepat,
            sorted((res.tahunan or {}).items())]  # the agreed yearly path: columns of the Indikator sheet


@dataclass
class RecapJob:
    """The recap to write: picklable, and small when the OPDs' row blocks are cached (those
    OPDs carry no rows). :func:`run_recap_job` here or in another process, then
    :func:`finish_recap_job` here (the cache keeps what the job used)."""

    path: Path
    recap: object  # lelang_xlsx.recap.Recap
    panel: object
    store: Cache | None
    key: str | None


def recap_job(auction: Auction, result: CheckResult, resolutions=None, cache: Cache | None = None,
              reuse: bool = True) -> RecapJob | None:
    """None when rekap.xlsx is up to date. ``reuse=False``: every OPD carries its rows."""
    import pickle

    from .recap import build_recap, cached_in

    cache = cache or NoCache()
    opd_keys = key = None
    if cache.enabled:  # what each OPD's rows derive from; the recap's key is made of them
        inputs = _inputs_key(auction, result)
        by_opd: dict[str, list] = {}
        for r in resolutions or []:
            by_opd.setdefault(r.kode_opd, []).append(r)
        opd_keys: dict[str, str] = {}
        annotated = {path: key for path, _, key in inputs[1:]}  # annotation_key of each, worked out once
        for s in result.valid_submissions:  # the first valid one per code, as the recap takes it
            if s.kode_opd not in opd_keys:
                opd_keys[s.kode_opd] = digest("rekap-opd", inputs[0], s.sha256, annotated[s.path], pickle.dumps(
                    [_resolution_content(r) for r in by_opd.get(s.kode_opd, [])], protocol=5))
        key = digest("rekap", inputs, resolutions is not None, sorted(opd_keys.items()))
        if cache.output_fresh(auction.rekap, key):
            return None
    store = cache if cache.enabled else None
    recap = build_recap(result.panel, result.submissions, resolutions, opd_keys, cached_in(store) if reuse else None)
    return RecapJob(auction.rekap, recap, result.panel, store, key)


def run_recap_job(job: RecapJob) -> list[str]:
    """Write rekap.xlsx; returns the cache keys used. Raises ``recap.BlocksMissing`` when a
    cached block left the cache meanwhile (then: a new job with ``reuse=False``)."""
    from .recap import write_recap

    try:
        return write_recap(job.path, job.recap, job.panel, job.store)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis {job.path}: {exc.strerror}") from None


def finish_recap_job(job: RecapJob, used: list[str], cache: Cache | None) -> None:
    if cache is not None and cache.enabled and job.key is not None:
        cache.keep_blobs(used)
        cache.record_output(job.path, job.key)


def write_recap_stage(auction: Auction, result: CheckResult, resolutions=None, cache: Cache | None = None) -> Path:
    from .recap import BlocksMissing

    job = recap_job(auction, result, resolutions, cache)
    if job is None:
        return auction.rekap
    try:
        used = run_recap_job(job)
    except BlocksMissing:  # a cached block left the cache meanwhile: again with every OPD's rows
        job = recap_job(auction, result, resolutions, cache, reuse=False)
        used = run_recap_job(job)
    finish_recap_job(job, used, cache)
    return auction.rekap


def _store_recap_blocks(hasil: Path, recap) -> None:
    """Worker entry: render some OPDs' recap row blocks into the run's cache."""
    from .recap.write import store_blocks

    store_blocks(recap, Cache(hasil))


def start_recap_stage(auction: Auction, result: CheckResult, resolutions=None, cache: Cache | None = None,
                      workers=None, jobs: int = 1) -> Callable[[], Path]:
    """Begin rekap.xlsx; returns ``finish()``, which writes it.

    The OPDs whose row blocks are not cached yet are handed to the run's workers in
    chunks (a block depends on its OPD alone: lelang_xlsx/recap/blocks.py); ``finish()``
    waits for them and streams every block into the workbook. Without workers or a cache,
    ``finish()`` is :func:`write_recap_stage`."""
    import dataclasses

    cache = cache or NoCache()
    if workers is None or jobs <= 1 or not cache.enabled:
        return lambda: write_recap_stage(auction, result, resolutions, cache)
    from .recap import BlocksMissing

    job = recap_job(auction, result, resolutions, cache)
    if job is None:
        return lambda: auction.rekap
    parts = [part for part in job.recap.opds if part.indikator is not None and part.key]
    pending = []
    pool = workers.pool() if len(parts) >= 2 * jobs else None  # a few blocks: rendered here, no worker started
    if pool is not None:
        size = max(1, -(-len(parts) // (4 * jobs)))  # a few chunks per worker: they finish together
        for i in range(0, len(parts), size):
            chunk = parts[i:i + size]
            sent = dataclasses.replace(job.recap, opds=[dataclasses.replace(part) for part in chunk])
            pending.append(pool.submit(_store_recap_blocks, auction.hasil, sent))
            for part in chunk:  # the worker stores them; this process reads them from the cache
                part.indikator = part.pendukung = None

    def finish() -> Path:
        nonlocal job
        done = True
        for fut in pending:
            try:
                fut.result()
            except Exception:  # a worker failed or died: this process renders what is missing
                done = False
        try:
            if not done:
                raise BlocksMissing("")
            used = run_recap_job(job)
        except BlocksMissing:  # a block is missing after all: again, with every OPD's rows, here
            job = recap_job(auction, result, resolutions, cache, reuse=False)
            used = run_recap_job(job)
        finish_recap_job(job, used, cache)
        return auction.rekap

    return finish


def offers_stage(auction: Auction, result: CheckResult, now=None, cache: Cache | None = None):
    """Create/update penawaran.xlsx, then resolve it. Returns (update, resolutions, findings).

    The update also carries the sessions of sheet Status OPD (``update.sessions``) and the
    digest of each OPD's offer rows (``update.offer_digests``), for the pact gate. When
    neither the submissions, the register nor penawaran.xlsx changed since the last run,
    the previous resolution is reused and the file is left as it is.
    """
    from .agreement import register
    from .reading.files import sha256_file
    from .agreement.offers import UNCHANGED, OffersUpdate, drop_read_ahead, offer_limits, offer_round

    cache = cache or NoCache()
    inputs = _inputs_key(auction, result)
    issued = set(register.load(auction.hasil / C.KESEPAKATAN_JSON).entries)

    # read once, with limits sized to the auction (the panel's OPDs x the run's per-form limits)
    limits = offer_limits(getattr(result, "limits", None), len(result.panel.opds) + len(result.submissions))

    def key_now() -> str:
        # the register's issued OPDs matter only when the Status OPD sheet is missing: the file's hash covers it
        return digest("offers", inputs, sha256_file(auction.penawaran) if auction.penawaran.is_file() else "",
                      sorted(vars(limits).items()))

    # the result is kept without the indicators (5x less to pickle): the submissions hold them
    indicators = {}
    for s in result.valid_submissions:
        for ind in s.indicators:
            indicators.setdefault((s.kode_opd, ind.kode), ind)  # the first per code, as the offer round takes it
    cached = cache.get_blob(key_now())
    if cached is not None:
        resolutions, found, sessions, digests, kept, codes = cached
        for res, code in zip(resolutions, codes):
            res.indicator = indicators.get((res.kode_opd, code))
        if any(res.indicator is None for res in resolutions):
            cached = None
    if cached is not None:
        update = OffersUpdate(auction.penawaran, UNCHANGED, rows=len(resolutions))
        cache.keep_blobs(kept)  # the file as read and its row blocks, for the next run that changes something
    else:
        # written when something changed, resolved from the rows as they are now in the file
        try:
            rnd = offer_round(auction.penawaran, result.panel, result.submissions, now=now, issued=issued, limits=limits,
                              store=cache if cache.enabled else None)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis {auction.penawaran}: {exc.strerror}") from None
        update, resolutions, sessions, digests = rnd.update, rnd.resolutions, rnd.sessions, rnd.digests
        found = rnd.findings + sessions.findings
        if update.status_recreated:
            found.append(make("LK512", Pos(C.PENAWARAN_FILE, C.SHEET_STATUS_OPD)))
        own = [res.indicator for res in resolutions]
        try:
            for res in resolutions:
                res.indicator = None
            cache.put_blob(key_now(), (resolutions, found, sessions, digests, rnd.cache_keys, [i.kode for i in own]))
        finally:
            for res, ind in zip(resolutions, own):
                res.indicator = ind
    drop_read_ahead()  # not taken when the result came from the cache
    update.sessions, update.offer_digests = sessions, digests
    return update, resolutions, found


_RENDERERS: dict = {}  # (template, top, kind) -> prepared renderer, one set per worker process


def _renderer(template: Path, top=None, kind: str = "pakta"):
    from .documents.pacts import PactRenderer

    key = (str(template), kind)  # ``top`` belongs to the kind
    if key not in _RENDERERS:
        _RENDERERS[key] = PactRenderer(template, top, kind)
    return _RENDERERS[key]


def _render_one(spec: tuple, context, path: Path, embed: dict | None = None) -> Path:
    """Worker entry: ``context`` is the document's context, or ``(build, args)`` for the
    worker to build it (the pact context is built next to the renderer, not in the main
    process: it is per-OPD work). ``embed``: the register version a pact carries
    (documents/pact_embed.py)."""
    if isinstance(context, tuple):
        build, args = context
        context = build(*args)
    if embed is not None:
        return _renderer(*spec).render(context, path, embed=embed)
    return _renderer(*spec).render(context, path)


def _render_all(template: Path, todo: list[tuple[object, Path]], jobs: int, progress: Progress,
                stage: str = "pakta", top=None, kind: str = "pakta", workers=None, during=None,
                task=_render_one) -> list:
    """Render pacts (or, with ``top``/``kind``, another document kind such as the report
    card), in the run's worker processes when there are enough of them to pay.

    ``during()``, when given, runs in this process while the workers render (the recap is
    written then); a context may be ``(build, args)``, built by the worker. ``task``: the
    worker entry each item goes to (``task(spec, *item)``); its results, in ``todo``'s order."""
    spec = (template, top, kind)
    if jobs <= 1 or len(todo) < 8:
        results = []
        for i, item in enumerate(todo):  # (context, path) or (context, path, embed)
            progress(stage, i, len(todo))
            results.append(task(spec, *item))
        if during is not None:
            during()
        return results
    from .workers import borrowed

    with borrowed(workers, jobs) as workers:
        pool = workers.pool()
        futures = [pool.submit(task, spec, *item) for item in todo] if pool else []
        if during is not None:
            during()
        if pool is None:  # no processes here: this one renders
            return [task(spec, *item) for item in todo]
        results = []
        for i, fut in enumerate(futures):
            progress(stage, i, len(todo))
            results.append(fut.result())
        return results
