"""Per-OPD row blocks of the recap's big sheets: ``Sesi Penilaian``, ``Indikator`` and
``Data Pendukung``.

For each valid OPD, its rows in those sheets are rendered once as sheet XML
(:mod:`lelang_xlsx.output.xlsxbulk`), with a small summary beside them: row counts and
what sizes the columns (the longest text, the widest number). A block depends on its OPD
alone — the wrapped columns, which set the row heights, have fixed widths — so it is kept
compressed, in the run's cache (``hasil/.cache/stages/``) under the OPD's key and reused as long as the
OPD's submission, resolutions and the panel are unchanged. Without a cache the blocks go
to a scratch folder for the time of the write. Either way the sheets are streamed from
there into the zip without compressing them again: at 1,000 OPDs the rows are never all
in memory.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from itertools import repeat
from pathlib import Path

from ..output.xlsxbulk import Column, deflate, row_open, table_xml
from ..output.xlsxstyle import Styles, is_blank, line_height, wrapped_lines
from .build import _COUNT_COLUMNS, _PERCENT_COLUMNS, _WIDE_TEXT, _YEAR_COLUMNS, SHEET_INDIKATOR, SHEET_PENDUKUNG, \
    STATUS_VALID, OpdRows, Recap
from .session import SHEET_SESI, SessionFormats, columns, opd_block, row_lengths, session_rows

BULK_SHEETS = (SHEET_INDIKATOR, SHEET_PENDUKUNG)  # large tables: rows written as raw XML
_SUFFIX = {"meta": "-m", SHEET_SESI: "-s", SHEET_INDIKATOR: "-i", SHEET_PENDUKUNG: "-p"}


class BlocksMissing(Exception):
    """A block the recap counted on is no longer in the cache (the caller writes again
    with every OPD's rows)."""


def cell_options(column: str) -> dict:
    if column in _YEAR_COLUMNS:
        return {"num_format": "0", "align": "center"}
    if column in _PERCENT_COLUMNS:
        return {"decimals": 1}
    if column in _COUNT_COLUMNS:
        return {"decimals": 0, "align": "center"}
    return {}


# --------------------------------------------------------------------------- column widths

def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def value_stats(texts, ints, floats, others) -> tuple[bool, bool, int, int]:
    """(any value, all values numeric, widest number as shown, longest value as text)
    of a column's distinct values."""
    numbers = [v for v in floats if v == v] + list(ints) + [v for v in others if _is_number(v) and v == v]
    rest = [v for v in others if not _is_number(v) and not is_blank(v)]
    text_lengths = [len(t) for t in texts if t]
    present = bool(numbers or rest or text_lengths)
    # as f"{float(v):,.2f}".rstrip("0").rstrip(".") per value, iterated in C
    shown = max(map(len, map(str.rstrip, map(str.rstrip, map("{:,.2f}".format, map(float, numbers)), repeat("0")),
                             repeat("."))), default=0)
    longest = max([*map(len, map(str, numbers)), *map(len, map(str, rest)), *text_lengths], default=0)
    return present, not rest and not text_lengths, shown, longest


def stats_of(values) -> tuple[bool, bool, int, int]:
    texts, ints, floats, others = {}, {}, {}, []
    for v in values:
        t = type(v)
        if t is str:
            texts[v] = None
        elif t is int and v:
            ints[v] = None
        elif t is float and v:
            floats[v] = None
        elif v is not None:
            others.append(v)
    return value_stats(texts, ints, floats, others)


def merge_stats(stats) -> tuple[bool, bool, int, int]:
    present = [s for s in stats if s is not None and s[0]]
    if not present:
        return False, True, 0, 0
    return True, all(s[1] for s in present), max(s[2] for s in present), max(s[3] for s in present)


def column_width(column: str, stats: tuple[bool, bool, int, int]) -> float:
    """Wrapped text columns have fixed widths; numbers get what the widest shows (8 to
    16), other columns their longest value (8 to 22), never less than the header's
    longest word."""
    if column in _WIDE_TEXT:
        return _WIDE_TEXT[column]
    header = max(len(w) for w in column.split()) + 2
    present, numeric, shown, longest = stats
    if present and numeric:
        return float(min(max(header, shown + 2, 8), 16))
    return float(min(max(longest + 2, header, 8), 22))


# --------------------------------------------------------------------------- rendering

def bulk_formats(st: Styles, headers: list[str]) -> list:
    """Every format a bulk sheet's cell can take, registered in a fixed order so that
    style indices (and so cached row blocks) are the same on every run."""
    out = []
    for column in headers:
        opts = cell_options(column)
        wrap = column in _WIDE_TEXT
        probes: list = ["x", None, True]
        if "num_format" in opts or "decimals" in opts:
            probes.append(1.0)
        else:
            probes += [1.0, 1.5, 1.25, 1.125, 1.0625]  # 0 to 4 decimals
        for value in probes:
            _, _, fmt = st.resolve(value, wrap=wrap, **opts)
            out.append(fmt._get_xf_index())
    return out


class SheetColumns:
    """The columns of one bulk sheet: a cell renderer each, and the wrapped ones' widths."""

    def __init__(self, st: Styles, headers: list[str]):
        self.headers = headers
        self.columns = [Column(st, h in _WIDE_TEXT, cell_options(h)) for h in headers]
        self.wrapped = {i: _WIDE_TEXT[h] for i, h in enumerate(headers) if h in _WIDE_TEXT}
        self._opens: dict[int, str] = {}

    def _open(self, lines: int) -> str:
        tag = self._opens.get(lines)
        if tag is None:
            tag = self._opens[lines] = row_open(line_height(lines) if lines > 1 else None)
        return tag

    def render(self, rows: list[tuple]) -> tuple[bytes, list]:
        """(XML of the rows, width statistics per column: None for the wrapped ones)."""
        if not rows:
            return b"", [None] * len(self.headers)
        cells, stats, lines = [], [], []
        for c, values in enumerate(zip(*rows)):
            xml, texts, ints, floats, others = self.columns[c].cells(values)
            cells.append(xml)
            width = self.wrapped.get(c)
            if width is None:
                stats.append(value_stats(texts, ints, floats, others))
                continue
            stats.append(None)
            known = {t: wrapped_lines(t, width) for t in texts}
            lines.append(list(map(known.get, values, repeat(1))))  # not a text: one line
        heights = list(map(max, *lines)) if len(lines) > 1 else (lines[0] if lines else [1] * len(rows))
        return table_xml([self._open(n) for n in heights], cells), stats


class _Scratch:
    """Blocks for the time of one write, when the run has no cache."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="lelang-rekap-"))

    def get_blob(self, key: str):
        try:
            return pickle.loads((self.folder / key).read_bytes())
        except OSError:
            return None

    def put_blob(self, key: str, value) -> None:
        (self.folder / key).write_bytes(pickle.dumps(value, protocol=5))

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class OpdBlocks:
    """Every valid OPD's blocks: rendered and stored, or found in the store.

    ``store`` has ``get_blob``/``put_blob`` (the run's cache); None: a scratch folder.
    An OPD's rows are dropped from ``recap`` once its blocks are stored.
    """

    def __init__(self, store, st: Styles, fm: SessionFormats, recap: Recap):
        self.store = store if store is not None else _Scratch()
        self.recap = recap
        self.fm = fm
        self.n_session_cols = len(columns(recap.years))
        self.sheets = {SHEET_INDIKATOR: SheetColumns(st, recap.indikator_columns),
                       SHEET_PENDUKUNG: SheetColumns(st, recap.pendukung_columns)}
        self.used: list[str] = []  # the cache keys this write read or wrote
        self._keys: dict[str, str] = {}
        self._meta: dict[str, dict] = {}
        for i, part in enumerate(recap.opds):
            key = self._keys[part.kode] = part.key or f"opd{i}"
            self._meta[part.kode] = self._ensure(part, key)
            self.used.extend(key + suffix for suffix in _SUFFIX.values())

    def _ensure(self, part: OpdRows, key: str) -> dict:
        if part.indikator is None:
            meta = self.store.get_blob(key + _SUFFIX["meta"])
            if meta is None:
                raise BlocksMissing(part.kode)
            return meta
        srows = session_rows(self.recap.indikator_columns, part.indikator, self.recap.years)
        meta = {"rows": {SHEET_SESI: len(srows), SHEET_INDIKATOR: len(part.indikator),
                         SHEET_PENDUKUNG: len(part.pendukung)},
                "lengths": row_lengths(srows, self.n_session_cols), "stats": {}}
        self.store.put_blob(key + _SUFFIX[SHEET_SESI],
                            deflate(opd_block(part.kode, part.nama, STATUS_VALID, srows, self.fm, self.n_session_cols)))
        for sheet, rows in ((SHEET_INDIKATOR, part.indikator), (SHEET_PENDUKUNG, part.pendukung)):
            xml, meta["stats"][sheet] = self.sheets[sheet].render(rows)
            self.store.put_blob(key + _SUFFIX[sheet], deflate(xml))  # compressed once, copied into the zip as it is
        self.store.put_blob(key + _SUFFIX["meta"], meta)
        part.indikator = part.pendukung = None
        return meta

    def session_lengths(self, part: OpdRows) -> list[int]:
        return self._meta[part.kode]["lengths"]

    def session_rows(self, part: OpdRows) -> int:
        return self._meta[part.kode]["rows"][SHEET_SESI]

    def rows(self, sheet: str) -> int:
        return sum(m["rows"][sheet] for m in self._meta.values())

    def widths(self, sheet: str) -> list[float]:
        headers = self.sheets[sheet].headers
        per_opd = [m["stats"][sheet] for m in self._meta.values()]
        return [column_width(h, merge_stats([s[c] for s in per_opd])) for c, h in enumerate(headers)]

    def stream(self, part: OpdRows, sheet: str):
        """The block (:class:`~lelang_xlsx.output.xlsxbulk.Deflated`), read when the sheet
        is written into the zip."""
        data = self.store.get_blob(self._keys[part.kode] + _SUFFIX[sheet])
        if data is None:
            raise BlocksMissing(part.kode)
        yield data

    def sheet_stream(self, sheet: str):
        for part in self.recap.opds:
            yield from self.stream(part, sheet)

    def close(self) -> None:
        if isinstance(self.store, _Scratch):
            self.store.close()


def cached_in(store):
    """``cached(key)`` for :func:`.build.build_recap`: whether an OPD's blocks are in
    ``store`` (the run's cache; None: nothing is). Only the summary, written last, is
    looked for: a block missing after all raises :class:`BlocksMissing` when it is read."""
    if store is None:
        return None
    return lambda key: store.has_blob(key + _SUFFIX["meta"])
