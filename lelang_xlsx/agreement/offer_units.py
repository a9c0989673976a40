"""The offer round OPD by OPD (issue 24): a re-run after one OPD resubmits costs what that
OPD's change requires, not the size of ``penawaran.xlsx``.

Each OPD's share of the round is one *unit* in the run's cache: its rows merged with the
file as read, resolved (resolutions with their yearly paths, LK50x findings), the hold
remarks, what its Status OPD row counts, its rows as the file will read back (a
:func:`~.offer_cache.segment`) and its block of sheet XML compressed on its own. A unit is
keyed by what it is made from: the OPD's rows in the file as read (their segment's digest:
the cells of those rows are not thawed to look it up), its submissions (name, SHA-256,
whether readable, errors), the panel and the limits. A found unit is moved to where the
OPD's rows land; its compressed block is copied into the new file (sync-flushed deflate
blocks, CRC-32 combined: :func:`lelang_xlsx.output.xlsxbulk.patch`).

A unit is also kept under the key the next run will look it up by (its rows as written)
once merging those rows again gives the same rows (checked), so the file a run writes is
the file the next run finds its units for. A unit whose findings name another row (LK501)
or whose block needs a format registered late is not kept (made again each run).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field, replace

from .. import contract as C
from ..model import Panel, Resolution, Submission
from .cells import key_text as _key_text, value as _value
from .offer_cache import moved, flatten_rows, rows_as_written, segment, segment_rows
from .offer_read import rows_digests
from .offer_resolve import resolve_rows
from .offer_rows import NOT_PROCESSED, opd_pairs, rows_content
from .offer_status import OpdSummary, mark_holds, opd_summary
from .offer_update import desired_rows, invalid_keys_of, merge_opd, row_marks
from .offer_write import RowBlock
from .path import fill_path

UNIT = 2  # the layout of a unit in the cache
FIRST = 2  # a unit is made and kept as if its rows started at row 2


@dataclass
class Unit:
    """One OPD's share of the round, its rows from row ``first`` of the file written."""

    kode: str
    first: int
    block: RowBlock
    mine: list  # (submission, indicator) of the OPD, as offer_pairs gives them
    added: int = 0
    restored: int = 0
    marked: int = 0
    res: list = field(default_factory=list)  # (index in ``mine``, Resolution)
    findings: list = field(default_factory=list)
    digest: str | None = None  # offer_read.rows_digests of its rows as written
    marks: list | bytes = field(default_factory=list)  # offer_update.row_marks of its rows (or them pickled)
    summary: OpdSummary = field(default_factory=OpdSummary)
    seg: tuple | None = None  # its rows as written, from row 0 (offer_cache.segment)
    keys: tuple = ()  # the cache keys to keep it under, when it was made in this run
    keep: bool = False  # its findings and block do not depend on other OPDs' rows


@dataclass
class Context:
    """What every unit of one run shares."""

    fname: str
    panel: Panel
    keys: list[str]
    cols: dict[str, int]
    max_chars: int
    store: object
    base: str  # digest of the panel, the limits, the columns


def context(fname: str, panel: Panel, keys: list[str], max_chars: int, store) -> Context:
    from ..cache import digest

    cols = {k: i + 1 for i, k in enumerate(keys)}
    return Context(fname, panel, keys, cols, max_chars, store,
                   digest("offer-unit", UNIT, fname, max_chars, keys, repr(panel)) if store is not None else "")


def unit_key(ctx: Context, kode: str, seg_digest: str | None, subs: list[Submission]) -> str | None:
    from ..cache import digest

    if ctx.store is None:
        return None
    return digest(ctx.base, kode, seg_digest, [_sub_key(s) for s in subs])


def _sub_key(s: Submission) -> tuple:
    """What the OPD's rows take from a submission: a form read from a file is its content
    (SHA-256 and name, read with this code and this panel: the base key) and what its check
    found; a submission made otherwise (the Python API) is its indicators."""
    if s.sha256:
        return (s.path, s.sha256, s.readable, s.errors, s.kode_opd, s.identity.nama_opd)
    return (s.path, s.valid, repr(s.identity), repr(s.indicators))


def units(ctx: Context, codes: list[str], segs: dict[str, tuple], subs_by: dict[str, list]) -> list[Unit] | None:
    """Every OPD's unit, in the order of the file; None when an OPD's rows would not read
    back under its own code (the round then takes the rows all at once)."""
    out, r0 = [], FIRST
    for kode in codes:
        seg, subs = segs.get(kode), subs_by.get(kode, [])
        if seg is None and not any(s.valid for s in subs):
            continue  # no rows
        key = unit_key(ctx, kode, seg[1] if seg else None, subs)
        unit = _found(ctx, key, kode, subs, r0)
        if unit is None:
            unit = _made(ctx, kode, seg, subs, r0, key)
            if unit is None:
                return None
        if unit.block.n:
            out.append(unit)
            r0 += unit.block.n
    return out


def _found(ctx: Context, key: str | None, kode: str, subs: list, r0: int) -> Unit | None:
    """The unit kept by an earlier run, moved to ``r0``; None when absent or damaged."""
    stored = ctx.store.get_blob(key) if key is not None else None
    if stored is None:
        return None
    try:
        version, n, added, restored, marked, states, found, digest, marks, summary, seg, block = stored
        if version != UNIT:
            return None
        mine = opd_pairs(subs)
        res = []
        for i, state in states:  # a Resolution from its fields: unpickled about twice as fast
            r = object.__new__(Resolution)
            r.__dict__ = state
            r.indicator = mine[i][1]
            res.append((i, r))
        res, found = moved(res, found, r0 - FIRST, copy=False)
        return Unit(kode, r0, RowBlock(n, block=block, cacheable=True), mine, added, restored, marked, res, found,
                    digest, marks, summary.moved(r0 - FIRST), seg)  # marks: pickled, loaded when compared
    except Exception:  # a damaged entry: made again
        return None


def _made(ctx: Context, kode: str, seg: tuple | None, subs: list, r0: int, key: str | None) -> Unit | None:
    """The unit made from the OPD's rows as read, at row FIRST, then moved to ``r0``."""
    desired = desired_rows(ctx.panel, subs)
    invalid = invalid_keys_of(subs, bool(desired))
    old = segment_rows(ctx.keys, seg) if seg is not None else []
    rows, added, restored = merge_opd(desired, old, invalid)
    mine = opd_pairs(subs)
    if not rows:
        return Unit(kode, r0, RowBlock(0, []), mine)
    content = rows_content(rows)
    written = rows_as_written(rows, ctx.keys, ctx.max_chars, first=FIRST)
    if any(_key_text(_value(cells, "kode_opd")) != kode for _, cells in written):
        return None
    res_list, found = resolve_rows(ctx.fname, C.SHEET_PENAWARAN, ctx.cols, written, ctx.panel, mine)
    res_list = [(i, r) for i, r in enumerate(res_list) if r.row is not None]  # found in the rows
    for _, r in res_list:
        fill_path(r, ctx.panel.years)
    mark_holds(rows, [r for _, r in res_list], found, first_row=FIRST)
    final = flatten_rows(rows_as_written(rows, ctx.keys, ctx.max_chars, first=0))[1]  # the remarks too
    unit = Unit(kode, FIRST, RowBlock(len(rows), rows), mine, added, restored,
                sum(r.status in NOT_PROCESSED for r in rows), res_list, found,
                rows_digests(written).get(kode), row_marks(rows), opd_summary(rows), segment(kode, final))
    unit.keep = not any(f.code == "LK501" for f in found)  # LK501 may name another row
    if key is not None and unit.keep:
        unit.keys = (key,) + _next_key(ctx, unit, seg, subs, content)
    if r0 != FIRST:
        unit.res, unit.findings = moved(unit.res, unit.findings, r0 - FIRST, copy=False)
        unit.summary, unit.first = unit.summary.moved(r0 - FIRST), r0
    return unit


def _next_key(ctx: Context, unit: Unit, seg: tuple | None, subs: list, content: str) -> tuple:
    """The key the next run looks the unit up by when the file is as this run writes it,
    if merging the rows as written again gives the same rows."""
    if seg is not None and seg[1] == unit.seg[1]:
        return ()  # the same key
    again = desired_rows(ctx.panel, subs)
    rows, _, _ = merge_opd(again, segment_rows(ctx.keys, unit.seg), invalid_keys_of(subs, bool(again)))
    if rows_content(rows) != content:
        return ()
    return (unit_key(ctx, unit.kode, unit.seg[1], subs),)


def keep(ctx: Context, made: list[Unit]) -> None:
    """Put the units made in this run in the cache, once their blocks are written."""
    for u in made:
        if not (u.keys and u.keep and u.block.cacheable and u.block.block is not None):
            continue
        delta = FIRST - u.first
        res, found = moved([(i, replace(r, indicator=None)) for i, r in u.res], u.findings, delta, copy=False)
        value = (UNIT, u.block.n, u.added, u.restored, u.marked, [(i, vars(r)) for i, r in res], found, u.digest,
                 pickle.dumps(u.marks, protocol=5), u.summary.moved(delta), u.seg, u.block.block)
        for key in u.keys:
            ctx.store.put_blob(key, value)


def same_rows(ctx: Context, made: list[Unit], segs: dict[str, tuple]) -> bool:
    """True when the file as read already holds every unit's rows, perhaps elsewhere
    (:func:`in_order`): the same cells (by digest; else the same canonical content and remarks)."""
    from .offer_update import read_marks

    if set(segs) != {u.kode for u in made}:
        return False
    for u in made:
        seg = segs[u.kode]
        if seg[4] != u.block.n:
            return False
        if seg[1] != u.seg[1]:
            read = segment_rows(ctx.keys, seg)
            marks = pickle.loads(u.marks) if isinstance(u.marks, bytes) else u.marks
            if rows_digests(read).get(u.kode) != u.digest or read_marks(read) != marks:
                return False
    return True


def in_order(segs: dict[str, tuple], codes: list[str]) -> bool:
    """True when the file as read has each OPD's rows together, one OPD after the other in
    the order the round writes them, from row 2 (as the round wrote it; not after the
    panel sorted the rows)."""
    r = FIRST
    for kode in (c for c in codes if c in segs):
        seg = segs[kode]
        if seg[3] != r or not seg[5]:
            return False
        r += seg[4]
    return len(segs) == sum(c in segs for c in codes)
