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
from . import as_read
from . import status_sheet as SS
from ..reading.files import sha256_file
from .offer_guard import ensure_replaceable
from .offer_cache import (Recorder, digests_key, drop_read_ahead, file_digests, flat_cell, flatten_rows, freeze,
                          parse_cached, parse_key, prefetch_offer_file, resolve_by_opd, rows_as_written)
from .offer_read import (EXCEL_MAX_ROWS, OFFER_LIMITS, ROW_MARGIN, OfferFile, limit_hint, offer_limits,
                         offer_rows_digest, parse_offer_file, read_offer_workbook, rows_digests)
from .offer_resolve import opd_ready, resolve_file, resolve_offers, resolve_rows
from .offer_rows import (FIELDS, HOLD_BG, HOLD_INVALID, HOLD_UNDECIDED, MARK_DUPLICATE, MARK_GONE,
                         MARK_INVALID_SUBMISSION, NOT_PROCESSED, STATUS_KEY, VERSION_LABEL, offer_pairs)
from .offer_status import mark_holds, opd_status_rows
from .offer_update import backup_path, desired_rows, merge, read_marks, row_marks, same_rows, same_status, sheet_for_update
from .offer_write import write_file
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
    ``store``: the run's cache (``get_blob``/``put_blob``): each OPD's block of rows rendered
    in an earlier run is reused when the file is written again.
    """
    path = Path(path)
    limits = limits or OFFER_LIMITS
    store = Recorder(store) if store is not None else None
    fname = path.name
    desired = desired_rows(panel, submissions)
    pairs = offer_pairs(panel, submissions)
    read_sha = sha256_file(path) if path.exists() else None  # the file as read: replaced only while it still is
    parsed = parse_cached(path, limits, store) if path.exists() else None
    old = sheet_for_update(parsed) if parsed is not None else None
    if old is None:
        rows, added, restored = desired, len(desired), 0
    else:
        rows, added, restored = merge(panel, submissions, desired, old)
    keys = [f.key for f in FIELDS] + [STATUS_KEY]
    cols = {k: i + 1 for i, k in enumerate(keys)}
    by_opd = resolve_by_opd(rows, keys, cols, fname, panel, pairs, limits.max_cell_chars, store)
    if by_opd is not None:  # per OPD, the unchanged ones from the cache (resolutions with their paths)
        resolutions, findings, written_digests, flat = by_opd
    else:  # rows the per-OPD split cannot hold apart (a code the file would read otherwise): all at once
        written = rows_as_written(rows, keys, limits.max_cell_chars)
        resolutions, findings = resolve_rows(fname, C.SHEET_PENAWARAN, cols, written, panel, pairs)
        for res in resolutions:
            fill_path(res, panel.years)
        written_digests, flat = rows_digests(written), flatten_rows(written)
    mark_holds(rows, resolutions, findings)
    status = opd_status_rows(panel, submissions, rows, old.status_rows if old else None, issued)
    marked = sum(r.status in NOT_PROCESSED for r in rows)
    old_digests, old_marks = file_digests(parsed, path, limits, store, read_marks) if old is not None else ({}, [])
    if old is not None and old.current and same_status(old, status) and \
            same_rows(old, rows, old_digests, old_marks, written_digests):
        # nothing to write: everything from the file as read (its rows may be sorted otherwise)
        update = OffersUpdate(path, UNCHANGED, rows=len(rows), marked=marked)
        resolutions, findings = resolve_file(parsed, panel, pairs)
        for res in resolutions:
            fill_path(res, panel.years)
        sessions = SS.sessions_from(*parsed.status, fname=fname) if parsed.status else SS.Sessions()
        digests = old_digests
        if store is not None:  # the next run starts from the file as read
            store.put_blob(parse_key(path, limits), freeze(parsed))
    else:
        backup = None
        ensure_replaceable(path, read_sha)  # not open in a spreadsheet program, not saved since it was read
        if old is not None:
            backup = backup_path(path, now or dt.datetime.now())
            try:
                backup.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, backup)
            except OSError as exc:
                raise OutputError(f"Cadangan {backup} tidak dapat dibuat ({exc.strerror}); {path.name} tidak diubah.") from None
        write_file(path, panel, rows, status, store, guard=lambda: ensure_replaceable(path, read_sha))
        if old is None:
            update = OffersUpdate(path, CREATED, rows=len(desired), added=len(desired))
        else:
            update = OffersUpdate(path, UPDATED, rows=len(rows), added=added, marked=marked,
                                  restored=restored, backup=backup, upgraded=old.version != C.OFFER_VERSION,
                                  status_recreated=old.status_rows is None and old.version == C.OFFER_VERSION)
        status_written = SS.rows_as_written(status, limits.max_cell_chars)
        sessions = SS.sessions_from(C.SHEET_STATUS_OPD, *status_written, fname=fname)
        digests = written_digests
        if store is not None:  # the next run starts from the file as written, without reading it
            remarks = {n: r.status for n, r in enumerate(rows, start=2)}
            at = keys.index(STATUS_KEY)
            flat_keys, flat_rows = flat
            flat_rows = [(n, t[:at] + (flat_cell(as_read.value_cell(remarks[n] or None, limits.max_cell_chars)),)
                          + t[at + 1:]) for n, t in flat_rows]  # the remarks as written (resolved before them)
            status_flat = (C.SHEET_STATUS_OPD, status_written[0], flatten_rows(status_written[1]))
            written_key = parse_key(path, limits)
            store.put_blob(written_key, (2, fname, None, C.SHEET_PENAWARAN, cols, [],
                                         (flat_keys, flat_rows), status_flat, C.OFFER_VERSION))
            store.put_blob(digests_key(written_key), (written_digests, row_marks(rows)))  # the next run's 'as read'
    return OfferRound(update, resolutions, findings, sessions, digests, store.keys if store is not None else [])
