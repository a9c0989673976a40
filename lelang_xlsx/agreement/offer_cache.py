"""What the offer round keeps between runs and within one: the file read ahead
(:func:`prefetch_offer_file`), the file as read or written kept in the run's cache (as
plain tuples), the rows as writing gives them (:func:`rows_as_written`, so the written
file is not read back), and each OPD's resolved block of rows reused when it did not
change (:func:`resolve_by_opd`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import contract as C
from ..checking.findings import Finding
from ..model import Panel, Resolution
from ..reading.xlsxread import Cell, Limits
from . import as_read
from .cells import key_text as _key_text, value as _value
from .offer_read import OfferFile, parse_offer_file, rows_digests
from .offer_resolve import base_resolution, resolve_rows
from .offer_rows import PANEL, STATUS_KEY, OfferRow, blank_row, rows_content
from .path import fill_path


class Recorder:
    """The run's cache, noting which entries a round uses (kept while nothing changes)."""

    def __init__(self, store):
        self.store, self.keys = store, []

    def get_blob(self, key: str):
        self.keys.append(key)
        return self.store.get_blob(key)

    def put_blob(self, key: str, value) -> None:
        self.keys.append(key)
        self.store.put_blob(key, value)


def parse_key(path: Path, limits: Limits) -> str:
    from dataclasses import asdict

    from ..cache import digest
    from ..reading.files import sha256_file

    return digest("penawaran-file", sha256_file(path), asdict(limits))


def digests_key(file_key: str) -> str:
    from ..cache import digest

    return digest("penawaran-digests", file_key)


def file_digests(parsed: OfferFile, path: Path, limits: Limits, store, marks) -> tuple[dict[str, str], list]:
    """(each OPD's rows digest, the rows' remarks by ``marks``) of the file as read: from the
    run's cache when it is byte for byte the file an earlier run wrote or read (keyed by its
    SHA-256), else computed from its rows (and kept)."""
    from .offer_read import rows_digests

    key = digests_key(parse_key(path, limits)) if store is not None else None
    found = store.get_blob(key) if key is not None else None
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], dict) and isinstance(found[1], list):
        return found
    value = (rows_digests(parsed.rows), marks(parsed.rows))
    if key is not None:
        store.put_blob(key, value)
    return value


_PREFETCHED: dict[str, OfferFile] = {}  # parse key -> the file as read ahead (prefetch_offer_file)


def prefetch_offer_file(path: str | Path, limits: Limits, store=None) -> None:
    """Read ``penawaran.xlsx`` ahead (``lelang run`` does it in a thread while the workers
    check the forms): :func:`offer_round` then takes the file as read from here, as long as
    it is byte for byte the same file. Nothing is read when the run's cache already holds it."""
    path = Path(path)
    if not path.is_file():
        return
    key = parse_key(path, limits)
    if store is not None and store.has_blob(key):
        return
    _PREFETCHED.clear()
    _PREFETCHED[key] = parse_offer_file(path, limits)


def drop_read_ahead() -> None:
    """Forget a file read ahead that the round did not take (its result came from the cache)."""
    _PREFETCHED.clear()


def parse_cached(path: Path, limits: Limits, store) -> OfferFile:
    """The file as read; read ahead by :func:`prefetch_offer_file`, or from the run's cache
    when it is byte for byte the file the previous run wrote or read (keyed by its SHA-256)."""
    ahead = _PREFETCHED.pop(parse_key(path, limits), None) if _PREFETCHED else None
    if ahead is not None:
        return ahead
    if store is None:
        return parse_offer_file(path, limits)
    key = parse_key(path, limits)
    frozen = store.get_blob(key)
    if frozen is not None:
        try:
            return _thaw(frozen)
        except Exception:  # a damaged entry: read the file
            pass
    return parse_offer_file(path, limits)  # kept (put) at the end of the round, if nothing is written


def flat_cell(c: Cell | None) -> tuple | None:
    return None if c is None else (c.value, c.percent, c.formula, c.cached, c.text, c.date)


def resolve_by_opd(rows: list[OfferRow], keys: list[str], cols: dict[str, int], fname: str, panel: Panel, pairs,
            max_chars: int, store) -> tuple | None:
    """The rows as written, resolved OPD by OPD (each OPD's rows are one block in the file):
    (resolutions with their yearly paths, findings, digests, flat rows). An OPD whose rows,
    submission and panel are as in an earlier run comes from the cache, moved to where its
    rows are now. None when an OPD's rows would not read back under its own code."""
    from ..cache import digest

    subs: dict[str, list] = {}
    for s, i in pairs:
        subs.setdefault(s.kode_opd, []).append((s, i))
    period = repr((panel.tahun_awal, panel.tahun_akhir, panel.usable, list(panel.years)))
    by_key: dict[tuple[str, str], Resolution] = {}
    findings: list[Finding] = []
    digests: dict[str, str] = {}
    flat: list = []
    seen: set[str] = set()
    start = 0
    while start < len(rows):
        kode = rows[start].key[0]
        end = start + 1
        while end < len(rows) and rows[end].key[0] == kode:
            end += 1
        if kode in seen:
            return None
        seen.add(kode)
        part, r0 = rows[start:end], start + 2
        mine = subs.get(kode, [])
        key = None
        if store is not None:
            key = digest("offer-opd", fname, max_chars, period, panel.opds.get(kode), rows_content(part),
                         repr([(s.kode_opd, s.identity.nama_opd, i) for s, i in mine]))
        unit = store.get_blob(key) if key is not None else None
        if unit is not None:
            try:
                rel, res_list, found, dig = unit
                moved = _moved(res_list, found, r0, copy=False)
                for i, r in moved[0]:  # stored without it: the submission's own indicator
                    r.indicator = mine[i][1]
            except Exception:  # a damaged entry: resolved again
                unit = None
        if unit is None:
            written = rows_as_written(part, keys, max_chars, first=r0)
            if any(_key_text(_value(cells, "kode_opd")) != kode for _, cells in written):
                return None
            res_list, found = resolve_rows(fname, C.SHEET_PENAWARAN, cols, written, panel, mine)
            res_list = [(i, r) for i, r in enumerate(res_list) if r.row is not None]  # found in the rows
            for _, r in res_list:
                fill_path(r, panel.years)
            dig = rows_digests(written).get(kode)
            rel = [(n - r0, t) for n, t in flatten_rows(written)[1]]
            if key is not None and not any(f.code == "LK501" for f in found):  # LK501 may name another row
                stored = [(i, replace(r, indicator=None, row=r.row - r0)) for i, r in res_list]
                store.put_blob(key, (rel, stored, _moved([], found, -r0)[1], dig))
            moved = (res_list, found)
        for i, r in moved[0]:
            s, ind = mine[i]
            by_key[(s.kode_opd, ind.kode)] = r
        findings += moved[1]
        if dig is not None:
            digests[kode] = dig
        flat += [(n + r0, t) for n, t in rel]
        start = end
    resolutions = []
    for s, i in pairs:
        res = by_key.get((s.kode_opd, i.kode))
        if res is None:
            res = base_resolution(panel, s, i)
            fill_path(res, panel.years)
        resolutions.append(res)
    return resolutions, findings, digests, (keys, flat)


def _moved(res_list: list, found: list[Finding], delta: int, copy: bool = True) -> tuple[list, list[Finding]]:
    """Resolutions (index, Resolution) and findings of one OPD, ``delta`` rows further down
    (``copy=False``: the resolutions themselves are moved, e.g. fresh from the cache)."""
    from ..checking.findings import cell_ref

    out = []
    for i, r in res_list:
        if copy:
            r = replace(r)
        r.row = r.row + delta if r.row is not None else None
        out.append((i, r))
    moved = [replace(f, row=f.row + delta, cell=cell_ref(f.row + delta, f.col)) if f.row is not None else f
             for f in found]
    return out, moved


def flatten_rows(rows: list) -> tuple:
    """(keys, rows of plain tuples): cells as (value, percent, formula, cached, text, date)."""
    keys = list(rows[0][1]) if rows else []
    seen: dict[int, tuple | None] = {id(None): None}  # cells repeat (one object per distinct value)
    out = []
    for r, cells in rows:
        t = []
        for c in [cells.get(k) for k in keys]:
            f = seen.get(id(c), False)
            if f is False:
                f = seen[id(c)] = (c.value, c.percent, c.formula, c.cached, c.text, c.date)
            t.append(f)
        out.append((r, tuple(t)))
    return keys, out


def _cell_rows(flat: tuple) -> list:
    keys, rows = flat
    made: dict = {}

    def cell(t):
        if t is None:
            return None
        k = (type(t[0]), t)  # True == 1 == 1.0: the type keeps them apart
        try:
            c = made.get(k)
        except TypeError:  # an unhashable value cannot be: cells hold str, numbers, dates, bools
            return Cell(*t)
        if c is None:
            c = made[k] = Cell(*t)
        return c

    return [(r, dict(zip(keys, map(cell, cells)))) for r, cells in rows]


def freeze(f: OfferFile) -> tuple:
    """An OfferFile as plain tuples (pickled several times faster than the cells)."""
    status = None if f.status is None else (f.status[0], f.status[1], flatten_rows(f.status[2]))
    return (2, f.name, f.error, f.sheet, f.cols, f.problems, flatten_rows(f.rows), status, f.version)


def _thaw(t: tuple) -> OfferFile:
    version, name, error, sheet, cols, problems, rows, status, file_version = t
    if version != 2:
        raise ValueError("format")
    if status is not None:
        status = (status[0], status[1], _cell_rows(status[2]))
    return OfferFile(name, error, sheet, cols, problems, _cell_rows(rows), status, file_version)


def rows_as_written(rows: list[OfferRow], keys: list[str], max_chars: int, first: int = 2) -> list:
    """The rows of sheet Penawaran as reading the file :func:`write_file` writes gives them."""
    panel_keys = {f.key for f in PANEL}
    memo: dict = {}  # processor values repeat (codes, names, units): one Cell each

    def proc_cell(value):
        k = (type(value), value)
        try:
            return memo[k]
        except KeyError:
            c = memo[k] = as_read.value_cell(value, max_chars)
            return c
        except TypeError:  # unhashable: not cached
            return as_read.value_cell(value, max_chars)

    def panel_cell(cell):
        if cell is None:
            return None
        k = (type(cell.value), cell.value, cell.percent, cell.formula, cell.cached)
        try:
            return memo[k]
        except KeyError:
            c = memo[k] = as_read.panel_cell(cell, max_chars)
            return c
        except TypeError:
            return as_read.panel_cell(cell, max_chars)

    out = []
    for n, row in enumerate(rows, start=first):
        cells: dict[str, Cell | None] = {}
        for key in keys:
            if key in panel_keys:
                cells[key] = panel_cell(row.panel.get(key))
            elif key == STATUS_KEY:
                cells[key] = proc_cell(row.status or None)
            else:
                cells[key] = proc_cell(row.proc.get(key))
        if blank_row(cells):
            continue
        out.append((n, cells))
    return out
