"""Writing the recap (``hasil/rekap.xlsx``) with XlsxWriter.

Sheet order: the session view for the projector (:mod:`.session`), the data sheets of
:func:`~.build.build_recap` (the full ``Indikator`` table, ``Per OPD``, ``Per Misi``,
``Data Pendukung``) and the charts (:mod:`.charts`). Every sheet prints one page wide.

Every value that came from an OPD's text is written as a string cell: ``=1+1`` typed by
an operator stays the text ``=1+1`` in the recap, never a formula.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlsxwriter

from ..output import atomic
from ..model import Panel
from ..output.xlsxbulk import BulkSheet, column_renderer, patch
from ..output.xlsxstyle import (FIXED_CREATED, WORKBOOK_OPTIONS, Styles, is_blank, line_height, setup_table_sheet,
                         wrapped_lines)
from .build import (_COUNT_COLUMNS, _PERCENT_COLUMNS, _WIDE_TEXT, _YEAR_COLUMNS, H_KETERANGAN, H_STATUS,
                    MISSION_UNSERVED, SHEET_INDIKATOR, SHEET_PENDUKUNG, SHEET_PER_MISI, SHEET_PER_OPD,
                    STATUS_VALID)
from .charts import write_charts
from .session import FONT_SIZE as SESSION_FONT_SIZE
from .session import SHEET_SESI, SessionFormats, write_session


def _cell_options(column: str) -> dict:
    if column in _YEAR_COLUMNS:
        return {"num_format": "0", "align": "center"}
    if column in _PERCENT_COLUMNS:
        return {"decimals": 1}
    if column in _COUNT_COLUMNS:
        return {"decimals": 0, "align": "center"}
    return {}


def _width(column: str, values) -> float:
    if column in _WIDE_TEXT:
        return _WIDE_TEXT[column]
    header = max(len(w) for w in column.split()) + 2
    present = [v for v in values if not is_blank(v)]
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        shown = max(len(f"{float(v):,.2f}".rstrip("0").rstrip(".")) for v in present)
        return float(min(max(header, shown + 2, 8), 16))
    longest = max([len(str(v)) for v in present] + [0])
    return float(min(max(longest + 2, header, 8), 22))


BULK_SHEETS = (SHEET_INDIKATOR, SHEET_PENDUKUNG)  # large tables: rows written as raw XML


def _bulk_formats(st: Styles, df: pd.DataFrame) -> list:
    """Every format a bulk sheet's cell can take, registered in a fixed order so that
    style indices (and so cached row blocks) are the same on every run."""
    out = []
    for column in df.columns:
        opts = _cell_options(column)
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


def _bulk_rows(df: pd.DataFrame, st: Styles, widths: list[float]) -> list[tuple[str, bytes, int]]:
    """(Kode OPD, XML, row count) blocks of a bulk sheet, one per OPD, in sheet order."""
    options = [_cell_options(column) for column in df.columns]
    wraps = [column in _WIDE_TEXT for column in df.columns]
    blocks: list[tuple[str, list]] = []
    for values in df.itertuples(index=False, name=None):
        kode = str(values[0])
        if not blocks or blocks[-1][0] != kode:
            blocks.append((kode, []))
        blocks[-1][1].append(values)
    return [(kode, rows, len(rows)) for kode, rows in blocks], options, wraps


def _render_block(rows: list, renderers: list, widths, wraps) -> bytes:
    out = []
    wrapped = [c for c, w in enumerate(wraps) if w]
    for values in rows:
        lines = max([wrapped_lines(values[c], widths[c]) for c in wrapped] + [1])
        out.append(f'<row ht="{line_height(lines)}" customHeight="1">' if lines > 1 else "<row>")
        out.extend(r(v) for r, v in zip(renderers, values))
        out.append("</row>")
    return "".join(out).encode("utf-8")


def _write_frame(wb, st: Styles, name: str, df: pd.DataFrame, title: str, freeze_cols: int,
                 bulk: list | None = None, blocks: "RowBlocks | None" = None) -> None:
    ws = wb.add_worksheet(name)
    widths = [_width(column, df[column].tolist()) for column in df.columns]
    for c, column in enumerate(df.columns):
        ws.write_string(0, c, str(column), st.header())
        ws.set_column(c, c, widths[c])
    header_lines = max([wrapped_lines(str(col), w - 1) for col, w in zip(df.columns, widths)] + [1])
    options = [_cell_options(column) for column in df.columns]
    wraps = [column in _WIDE_TEXT for column in df.columns]
    if bulk is not None and name in BULK_SHEETS:
        sheet = BulkSheet(ws, len(df.columns))
        bulk.append(sheet)
        groups, options, wraps = _bulk_rows(df, st, widths)
        renderers = [column_renderer(st, w, o) for w, o in zip(wraps, options)]
        for kode, rows, n in groups:
            key = blocks.key(name, kode, widths) if blocks is not None else None
            fragment = blocks.get(key) if key else None
            if fragment is None:
                fragment = _render_block(rows, renderers, widths, wraps)
                if key:
                    blocks.put(key, fragment)
            sheet.add(fragment, n)
    else:
        for r, values in enumerate(df.itertuples(index=False, name=None), start=1):
            lines = max([wrapped_lines(v, widths[c]) for c, v in enumerate(values) if wraps[c]] + [1])
            if lines > 1:
                ws.set_row(r, line_height(lines))
            for c, value in enumerate(values):
                opts = dict(options[c])
                if name == SHEET_PER_MISI and df.columns[c] == H_KETERANGAN and value == MISSION_UNSERVED:
                    opts.update(bold=True, font_color="#9C0006", bg_color="#FFC7CE")
                if name == SHEET_PER_OPD and df.columns[c] == H_STATUS and value != STATUS_VALID:
                    opts.update(font_color="#9C0006", bg_color="#FFC7CE")
                st.put(ws, r, c, value, wrap=wraps[c], **opts)
    setup_table_sheet(ws, len(df), len(df.columns), freeze_cols=freeze_cols, title=title,
                      paper=8 if len(df.columns) > 16 else 9, header_lines=header_lines)


class RowBlocks:
    """Cached XML row blocks of the bulk sheets, one per OPD.

    ``opd_keys`` says what each OPD's rows derive from (its submission, its resolutions
    and the panel); ``store`` has ``get_blob``/``put_blob`` (the run's cache). The key
    also holds the style registry, so a change in formats invalidates every block.
    """

    def __init__(self, store, opd_keys: dict[str, str], styles_signature: str = ""):
        self.store = store
        self.opd_keys = opd_keys
        self.signature = styles_signature

    def key(self, sheet: str, kode: str, widths) -> str | None:
        from ..cache import digest

        base = self.opd_keys.get(kode)
        return digest("rekap-rows", sheet, base, self.signature, [round(w, 2) for w in widths]) if base else None

    def get(self, key: str):
        return self.store.get_blob(key)

    def put(self, key: str, value: bytes) -> None:
        self.store.put_blob(key, value)


def write_recap(path: str | Path, frames: dict[str, pd.DataFrame], panel: Panel, store=None,
                opd_keys: dict[str, str] | None = None) -> None:
    """Write the recap atomically. Same frames -> identical bytes.

    With ``store`` (the run's cache) and ``opd_keys``, the rows of unchanged OPDs in the
    session view and the big sheets are reused from the previous run instead of being rendered again.
    """
    title = f"Rekap Lelang Kinerja {panel.nama_pemda}".strip()
    if panel.usable:
        title += f" {panel.tahun_awal}–{panel.tahun_akhir}"
    freeze = {SHEET_INDIKATOR: 3, SHEET_PER_OPD: 2, SHEET_PER_MISI: 1, SHEET_PENDUKUNG: 3}

    def writer(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties({"title": title, "created": FIXED_CREATED, "author": "lelang-xlsx"})
        st = Styles(wb)
        bulk: list = []
        registry = [_bulk_formats(st, frames[name]) for name in BULK_SHEETS if name in frames]
        session_formats = SessionFormats(Styles(wb, font_size=SESSION_FONT_SIZE))
        registry.append(session_formats.signature())
        blocks = RowBlocks(store, opd_keys, repr(registry)) if store is not None and opd_keys else None
        write_session(wb, session_formats, frames, panel.years, f"{title} — {SHEET_SESI}", bulk, blocks)
        for name, df in frames.items():
            _write_frame(wb, st, name, df, f"{title} — {name}", freeze.get(name, 1), bulk, blocks)
        write_charts(wb, frames)
        wb.close()
        patch(tmp, bulk)

    atomic.write_with(path, writer)
