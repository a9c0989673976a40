"""The offer round: ``penawaran.xlsx``, the workbook the panel fills during the sessions.

:func:`write_offers` creates the offer workbook, or updates it when submissions change:
every value the panel typed is kept exactly, rows for new indicators are added, rows
whose indicator disappeared are kept and marked (never silently dropped), and the
previous file is copied to ``hasil/arsip/`` first. A re-run with nothing new rewrites
nothing.

:func:`resolve_offers` reads the panel's entries and turns every indicator of every
valid submission into a :class:`~lelang_xlsx.model.Resolution` (the agreed target),
with findings LK501-LK507 pointing at the exact cell.

:func:`offer_round` (what a run calls) does both from one read of the file, resolves OPD
by OPD, and with the run's cache reuses what did not change (docs/offer-round.md).

This module is the entry point; the jobs live next to it:

- :mod:`.offer_rows`    the sheet's columns, remarks and one row (``OfferRow``)
- :mod:`.offer_read`    reading the file once (``OfferFile``), its limits, row digests
- :mod:`.offer_update`  merging with the previous file, upgrading an older version, backup
- :mod:`.offer_write`   writing the workbook (Penawaran, Status OPD, Petunjuk)
- :mod:`.offer_resolve` the panel's entries -> Resolutions and LK501-LK507
- :mod:`.offer_status`  hold remarks and the Status OPD rows
- :mod:`.offer_cache`   read-ahead, the run's cache, rows as written, per-OPD reuse
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..checking.findings import Finding
from ..errors import OutputError
from ..model import Panel, Resolution, Submission
from ..reading.xlsxread import Limits
from . import status_sheet as SS
from ..reading.files import sha256_file
from .offer_guard import ensure_replaceable
from . import offer_units as U
from .offer_cache import (FROZEN, Recorder, _cell_rows, digests_key, drop_read_ahead, file_digests, flatten_rows,
                          freeze, frozen_file, parse_key, prefetch_offer_file, rows_as_written, thaw)
from .offer_read import (EXCEL_MAX_ROWS, OFFER_LIMITS, ROW_MARGIN, OfferFile, limit_hint, offer_limits,
                         offer_rows_digest, parse_offer_file, read_offer_workbook, rows_digests)
from .offer_resolve import base_resolution, opd_ready, resolve_file, resolve_offers, resolve_rows
from .offer_rows import (FIELDS, HOLD_BG, HOLD_INVALID, HOLD_UNDECIDED, MARK_DUPLICATE, MARK_GONE,
                         MARK_INVALID_SUBMISSION, NOT_PROCESSED, STATUS_KEY, VERSION_LABEL, offer_pairs)
from .offer_status import mark_holds, opd_status_rows, summaries
from .offer_update import (backup_path, desired_rows, merge, opd_order, read_marks, row_marks, same_rows, same_status,
                           sheet_for_update)
from .offer_write import render_blocks, row_blocks, write_file
from .path import fill_path

__all__ = [
    "CREATED", "UPDATED", "UNCHANGED", "OffersUpdate", "OfferRound", "write_offers", "offer_round",
    "resolve_offers", "opd_ready", "offer_rows_digest", "read_offer_workbook", "parse_offer_file", "OfferFile",
    "offer_limits", "limit_hint", "OFFER_LIMITS", "EXCEL_MAX_ROWS", "ROW_MARGIN", "prefetch_offer_file",
    "drop_read_ahead", "MARK_GONE", "MARK_INVALID_SUBMISSION", "MARK_DUPLICATE", "HOLD_UNDECIDED",
    "HOLD_INVALID", "HOLD_BG", "VERSION_LABEL",
]


# what write_offers did; defined apart so that a re-run's record (rerun.py) needs no offer machinery
from .outcome import CREATED, UNCHANGED, UPDATED, OffersUpdate  # noqa: E402,F401


@dataclass
class OfferRound:
    """What the run takes from the offer workbook, all from one read of it."""

    update: OffersUpdate
    resolutions: list[Resolution]  # one per indicator of every valid submission, with its yearly path
    findings: list[Finding]  # LK501-LK507 (or LK101/LK102/LK103/LK106 for the whole file)
    sessions: SS.Sessions  # sheet Status OPD (its LK510/LK103 in sessions.findings)
    digests: dict[str, str]  # Kode OPD -> SHA-256 of its offer rows (see offer_rows_digest)
    cache_keys: list = field(default_factory=list)  # the entries of the run's cache this round used


def write_offers(path: str | Path, panel: Panel, submissions: list[Submission],
                 now: dt.datetime | None = None, issued: set[str] | frozenset = frozenset(),
                 limits: Limits | None = None) -> OffersUpdate:
    """Create or update ``penawaran.xlsx``; see the module docstring.

    ``issued``: OPDs with an issued pact. When the Status OPD sheet is missing (deleted
    by hand, or a version-1 file), it is written again with ``Sesi Selesai`` = ``Ya``
    for them, so that no issued pact is withdrawn by the loss of the sheet.
    """
    return offer_round(path, panel, submissions, now, issued, limits).update


def offer_round(path: str | Path, panel: Panel, submissions: list[Submission],
                now: dt.datetime | None = None, issued: set[str] | frozenset = frozenset(),
                limits: Limits | None = None, store=None) -> OfferRound:
    """Update ``penawaran.xlsx`` (:func:`write_offers`) and resolve it (:func:`resolve_offers`),
    reading it once. When the file is written, the resolution, the sessions and the digests
    are made from the rows as written (:mod:`.as_read`), not from a second read.

    ``limits``: for reading the file (:func:`offer_limits`); default: sized for 1,000 OPDs.
    ``store``: the run's cache (``get_blob``/``put_blob``): the round goes OPD by OPD
    (:mod:`.offer_units`), and an OPD whose rows, submission and panel are as in an earlier
    run is taken from there, its block of rows copied into the new file.
    """
    path = Path(path)
    limits = limits or OFFER_LIMITS
    store = Recorder(store) if store is not None else None
    read_sha = sha256_file(path) if path.exists() else None  # the file as read: replaced only while it still is
    frozen, read = frozen_file(path, limits, store) if path.exists() else (None, None)
    if read is not None and read.error is None and read.sheet is not None:
        frozen = freeze(read)
    rnd = _by_units(path, panel, submissions, now, issued, limits, store, read_sha, frozen, read)
    if rnd is None:
        if read is None and frozen is not None:
            try:
                read = thaw(frozen)
            except ValueError:  # a damaged entry: read the file
                read = parse_offer_file(path, limits)
        rnd = _all_at_once(path, panel, submissions, now, issued, limits, store, read_sha, read)
    rnd.cache_keys = store.keys if store is not None else []
    return rnd


def _by_units(path: Path, panel: Panel, submissions: list[Submission], now, issued, limits: Limits, store,
              read_sha: str | None, frozen: tuple | None, read: OfferFile | None) -> OfferRound | None:
    """The round OPD by OPD (:mod:`.offer_units`); None for a file it does not take (an
    older version, columns moved, rows sorted by the panel with nothing to write, a damaged
    cache entry): the round then takes the rows all at once."""
    keys = [f.key for f in FIELDS] + [STATUS_KEY]
    old, status_read, segs = None, None, {}
    if path.exists():
        if frozen is None:  # unreadable, or no sheet Penawaran: the general round says why
            return None
        _, name, error, sheet, cols, problems, fkeys, fsegs, status_flat, version = frozen
        try:
            status_read = (status_flat[0], status_flat[1], _cell_rows(status_flat[2])) if status_flat else None
        except Exception:
            return None
        old = sheet_for_update(OfferFile(name, error, sheet, cols, problems, [], status_read, version))
        if not old.current or cols != {k: i + 1 for i, k in enumerate(keys)} or (fsegs and fkeys != keys):
            return None
        segs = {seg[0]: seg for seg in fsegs}
    ctx = U.context(path.name, panel, keys, limits.max_cell_chars, store)
    subs_by: dict[str, list[Submission]] = {}
    for s in submissions:
        if s.kode_opd:
            subs_by.setdefault(s.kode_opd, []).append(s)
    valid = {k for k, subs in subs_by.items() if any(s.valid and s.indicators for s in subs)}
    codes = opd_order(panel, valid | set(segs))
    try:
        made = U.units(ctx, codes, segs, subs_by)
    except Exception:  # a damaged segment of the file as read in the cache
        if read is None:
            return None
        raise
    if made is None:
        return None
    same = old is not None and U.same_rows(ctx, made, segs)
    if same and not U.in_order(segs, codes):
        return None  # perhaps nothing to write, but the panel sorted the rows: resolved where they are
    return _finish_units(path, panel, submissions, now, issued, limits, ctx, made, old, status_read, same,
                         read_sha, frozen if read is not None else None)


def _finish_units(path: Path, panel: Panel, submissions, now, issued, limits: Limits, ctx, made: list, old,
                  status_read, same: bool, read_sha: str | None, fresh: tuple | None) -> OfferRound:
    """Resolutions, findings, Status OPD from the units; the file written unless it holds
    the rows already where they would be (``same``) and the same Status OPD rows."""
    findings: list[Finding] = []
    resolutions = []  # in the order of offer_pairs: the OPDs' order is the units' (opd_order)
    for u in made:
        by_index = dict(u.res)
        for i, (s, ind) in enumerate(u.mine):
            res = by_index.get(i)
            if res is None:  # not among its rows (cannot be: each indicator has its row)
                res = base_resolution(panel, s, ind)
                fill_path(res, panel.years)
            resolutions.append(res)
        findings += u.findings
    status = opd_status_rows(panel, submissions, {u.kode: u.summary for u in made}, old.status_rows if old else None,
                             issued)
    digests = {u.kode: u.digest for u in made if u.digest is not None}
    n, marked = sum(u.block.n for u in made), sum(u.marked for u in made)
    fname, store = path.name, ctx.store
    if same and same_status(old, status):
        sessions = SS.sessions_from(*status_read, fname=fname) if status_read else SS.Sessions()
        if store is not None:  # the next run starts from the file as read, with the units made now
            render_blocks([u.block for u in made if u.keys])
            U.keep(ctx, made)
            if fresh is not None:
                store.put_blob(parse_key(path, limits), fresh)
        return OfferRound(OffersUpdate(path, UNCHANGED, rows=n, marked=marked), resolutions, findings, sessions,
                          digests)
    backup = _replace(path, panel, [u.block for u in made], status, old is not None, now, read_sha)
    if old is None:
        update = OffersUpdate(path, CREATED, rows=n, added=n)
    else:
        update = OffersUpdate(path, UPDATED, rows=n, added=sum(u.added for u in made), marked=marked,
                              restored=sum(u.restored for u in made), backup=backup)
    status_written = SS.rows_as_written(status, limits.max_cell_chars)
    sessions = SS.sessions_from(C.SHEET_STATUS_OPD, *status_written, fname=fname)
    if store is not None:  # the next run starts from the file as written, without reading it
        U.keep(ctx, made)
        written = [(u.kode, u.seg[1], u.seg[2], u.first, u.block.n, True) for u in made]
        status_flat = (C.SHEET_STATUS_OPD, status_written[0], flatten_rows(status_written[1]))
        store.put_blob(parse_key(path, limits), (FROZEN, fname, None, C.SHEET_PENAWARAN, ctx.cols, [], ctx.keys,
                                                 written, status_flat, C.OFFER_VERSION))
    return OfferRound(update, resolutions, findings, sessions, digests)


def _replace(path: Path, panel: Panel, parts: list, status: list, backup_first: bool, now,
             read_sha: str | None) -> Path | None:
    """Write ``penawaran.xlsx`` from its blocks of rows, the previous file first copied to
    hasil/arsip/ (its path returned); only while the file is the one read and not open."""
    backup = None
    ensure_replaceable(path, read_sha)  # not open in a spreadsheet program, not saved since it was read
    if backup_first:
        backup = backup_path(path, now or dt.datetime.now())
        try:
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, backup)
        except OSError as exc:
            raise OutputError(f"Cadangan {backup} tidak dapat dibuat ({exc.strerror}); {path.name} tidak diubah.") from None
    write_file(path, panel, parts, status, guard=lambda: ensure_replaceable(path, read_sha))
    return backup


def _all_at_once(path: Path, panel: Panel, submissions: list[Submission], now, issued, limits: Limits, store,
                 read_sha: str | None, parsed: OfferFile | None) -> OfferRound:
    """The round over every row at once: any file the OPD-by-OPD round does not take."""
    fname = path.name
    desired = desired_rows(panel, submissions)
    pairs = offer_pairs(panel, submissions)
    old = sheet_for_update(parsed) if parsed is not None else None
    if old is None:
        rows, added, restored = desired, len(desired), 0
    else:
        rows, added, restored = merge(panel, submissions, desired, old)
    keys = [f.key for f in FIELDS] + [STATUS_KEY]
    cols = {k: i + 1 for i, k in enumerate(keys)}
    written = rows_as_written(rows, keys, limits.max_cell_chars)
    resolutions, findings = resolve_rows(fname, C.SHEET_PENAWARAN, cols, written, panel, pairs)
    for res in resolutions:
        fill_path(res, panel.years)
    written_digests = rows_digests(written)
    mark_holds(rows, resolutions, findings)
    status = opd_status_rows(panel, submissions, summaries(rows), old.status_rows if old else None, issued)
    marked = sum(r.status in NOT_PROCESSED for r in rows)
    old_digests, old_marks = file_digests(parsed, path, limits, store, read_marks) if old is not None else ({}, [])
    if old is not None and old.current and same_status(old, status) and \
            same_rows(old, rows, old_digests, old_marks, written_digests):
        # nothing to write: everything from the file as read (its rows may be sorted otherwise)
        resolutions, findings = resolve_file(parsed, panel, pairs)
        for res in resolutions:
            fill_path(res, panel.years)
        sessions = SS.sessions_from(*parsed.status, fname=fname) if parsed.status else SS.Sessions()
        if store is not None:  # the next run starts from the file as read
            store.put_blob(parse_key(path, limits), freeze(parsed))
        return OfferRound(OffersUpdate(path, UNCHANGED, rows=len(rows), marked=marked), resolutions, findings,
                          sessions, old_digests)
    backup = _replace(path, panel, row_blocks(rows), status, old is not None, now, read_sha)
    if old is None:
        update = OffersUpdate(path, CREATED, rows=len(desired), added=len(desired))
    else:
        update = OffersUpdate(path, UPDATED, rows=len(rows), added=added, marked=marked,
                              restored=restored, backup=backup, upgraded=old.version != C.OFFER_VERSION,
                              status_recreated=old.status_rows is None and old.version == C.OFFER_VERSION)
    status_written = SS.rows_as_written(status, limits.max_cell_chars)
    sessions = SS.sessions_from(C.SHEET_STATUS_OPD, *status_written, fname=fname)
    if store is not None:  # the next run starts from the file as written, without reading it
        written = OfferFile(fname, None, C.SHEET_PENAWARAN, cols, [], rows_as_written(rows, keys, limits.max_cell_chars),
                            (C.SHEET_STATUS_OPD, *status_written), C.OFFER_VERSION)  # the remarks as written
        store.put_blob(parse_key(path, limits), freeze(written))
        store.put_blob(digests_key(parse_key(path, limits)), (written_digests, row_marks(rows)))
    return OfferRound(update, resolutions, findings, sessions, written_digests)
