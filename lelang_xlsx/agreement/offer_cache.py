"""What the offer round keeps between runs and within one: the file read ahead
(:func:`prefetch_offer_file`), the file as read or written kept in the run's cache (as
plain tuples, the rows in one :func:`segment` per OPD, thawed only where needed), and the
rows as writing gives them (:func:`rows_as_written`, so the written file is not read back).
Each OPD's share of the round is reused by :mod:`.offer_units`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..checking.findings import Finding
from ..reading.xlsxread import Cell, Limits
from . import as_read
from .cells import key_text as _key_text
from .offer_read import OfferFile, parse_offer_file
from .offer_rows import PANEL, STATUS_KEY, OfferRow, blank_row


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
    frozen, read = frozen_file(path, limits, store)
    if read is not None:
        return read
    try:
        return thaw(frozen)
    except ValueError:  # a damaged entry: read the file
        return parse_offer_file(path, limits)


def frozen_file(path: Path, limits: Limits, store) -> tuple[tuple | None, OfferFile | None]:
    """(the file as read, :func:`freeze` d or None; the OfferFile when it was read now, not
    taken from the run's cache): the cells of the rows are thawed only where needed
    (:func:`segment_rows`). The frozen form of a file read now is made only when asked."""
    ahead = _PREFETCHED.pop(parse_key(path, limits), None) if _PREFETCHED else None
    if ahead is not None:
        return None, ahead
    if store is not None:
        frozen = store.get_blob(parse_key(path, limits))
        if isinstance(frozen, tuple) and len(frozen) == 10 and frozen[0] == FROZEN:
            return frozen, None
    return None, parse_offer_file(path, limits)  # kept (put) at the end of the round


def thaw(frozen: tuple) -> OfferFile:
    """The OfferFile of :func:`freeze`; a damaged entry raises ValueError."""
    try:
        return _thaw(frozen)
    except Exception as exc:
        raise ValueError("damaged") from exc


def moved(res_list: list, found: list[Finding], delta: int, copy: bool = True) -> tuple[list, list[Finding]]:
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


FROZEN = 3  # the layout of a frozen file: rows kept OPD by OPD (segments)


def freeze(f: OfferFile) -> tuple:
    """An OfferFile as plain tuples (pickled several times faster than the cells), the rows
    of sheet Penawaran in one segment per Kode OPD (:func:`segments`)."""
    status = None if f.status is None else (f.status[0], f.status[1], flatten_rows(f.status[2]))
    keys, rows = flatten_rows(f.rows)
    return (FROZEN, f.name, f.error, f.sheet, f.cols, f.problems, keys, segments(keys, rows), status, f.version)


def segments(keys: list[str], rows: list) -> list[tuple]:
    """Flat rows (row, cells) grouped by their Kode OPD as text, in the order of the file:
    one :func:`segment` each."""
    at = keys.index("kode_opd") if "kode_opd" in keys else None
    groups: dict[str, list] = {}
    for r, t in rows:
        c = t[at] if at is not None else None
        groups.setdefault(_key_text(c[0] if c is not None else None), []).append((r, t))
    return [segment(kode, part) for kode, part in groups.items()]


def segment(kode: str, rows: list) -> tuple:
    """(kode, digest, payload, first row, rows, contiguous) of one OPD's flat rows: the
    digest is of the cells in their order (not of where they are), the payload the rows
    pickled with their row numbers relative to the first."""
    import hashlib
    import pickle

    first = rows[0][0]
    body = tuple(t for _, t in rows)
    digest = hashlib.sha256(repr(body).encode("utf-8")).hexdigest()
    contiguous = all(r == first + i for i, (r, _) in enumerate(rows))
    return (kode, digest, pickle.dumps([(r - first, t) for r, t in rows], protocol=5), first, len(rows), contiguous)


def segment_rows(keys: list[str], seg: tuple, first: int | None = None) -> list:
    """A segment's rows as read (row, cells), from row ``first`` (default: where it was)."""
    import pickle

    start = seg[3] if first is None else first
    return _cell_rows((keys, [(r + start, t) for r, t in pickle.loads(seg[2])]))


def _thaw(t: tuple) -> OfferFile:
    import pickle

    version, name, error, sheet, cols, problems, keys, segs, status, file_version = t
    if version != FROZEN:
        raise ValueError("format")
    if status is not None:
        status = (status[0], status[1], _cell_rows(status[2]))
    flat = sorted(((r + seg[3], row) for seg in segs for r, row in pickle.loads(seg[2])), key=lambda x: x[0])
    return OfferFile(name, error, sheet, cols, problems, _cell_rows((keys, flat)), status, file_version)


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
