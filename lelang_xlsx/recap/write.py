"""Writing the recap (``hasil/rekap.xlsx``) with XlsxWriter.

Sheet order: the session view for the projector (:mod:`.session`), the data sheets of
:func:`~.build.build_recap` (the full ``Indikator`` table, ``Per OPD``, ``Per Misi``,
``Data Pendukung``) and the charts (:mod:`.charts`). Every sheet prints one page wide.
The big sheets' rows are per-OPD blocks of sheet XML (:mod:`.blocks`), streamed into the
zip after XlsxWriter has written the rest.

Every value that came from an OPD's text is written as a string cell: ``=1+1`` typed by
an operator stays the text ``=1+1`` in the recap, never a formula.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from ..model import Panel
from ..output import atomic
from ..output.xlsxbulk import BulkSheet, patch
from ..vocab import ERROR_FILL, ERROR_FONT
from ..output.xlsxstyle import FIXED_CREATED, WORKBOOK_OPTIONS, Styles, line_height, setup_table_sheet, wrapped_lines
from .blocks import BULK_SHEETS, OpdBlocks, bulk_formats, cell_options, column_width, stats_of
from .build import _WIDE_TEXT, H_KETERANGAN, H_STATUS, MISSION_UNSERVED, SHEET_INDIKATOR, SHEET_PENDUKUNG, \
    SHEET_PER_MISI, SHEET_PER_OPD, STATUS_VALID, Recap, Table
from .charts import write_charts
from .session import FONT_SIZE as SESSION_FONT_SIZE
from .session import SHEET_SESI, SessionFormats, write_session


def _write_header(ws, st: Styles, headers: list[str], widths: list[float]) -> int:
    """The header row and column widths; returns the header's lines."""
    for c, column in enumerate(headers):
        ws.write_string(0, c, str(column), st.header())
        ws.set_column(c, c, widths[c])
    return max([wrapped_lines(str(col), w - 1) for col, w in zip(headers, widths)] + [1])


def _write_table(wb, st: Styles, name: str, table: Table, title: str, freeze_cols: int) -> None:
    """A small sheet (Per OPD, Per Misi), cell by cell."""
    ws = wb.add_worksheet(name)
    headers = table.columns
    widths = [column_width(h, stats_of(table.column(h))) for h in headers]
    header_lines = _write_header(ws, st, headers, widths)
    options = [cell_options(column) for column in headers]
    wraps = [column in _WIDE_TEXT for column in headers]
    for r, values in enumerate(table.rows, start=1):
        lines = max([wrapped_lines(v, widths[c]) for c, v in enumerate(values) if wraps[c]] + [1])
        if lines > 1:
            ws.set_row(r, line_height(lines))
        for c, value in enumerate(values):
            opts = dict(options[c])
            if name == SHEET_PER_MISI and headers[c] == H_KETERANGAN and value == MISSION_UNSERVED:
                opts.update(bold=True, font_color=ERROR_FONT, bg_color=ERROR_FILL)
            if name == SHEET_PER_OPD and headers[c] == H_STATUS and value != STATUS_VALID:
                opts.update(font_color=ERROR_FONT, bg_color=ERROR_FILL)
            st.put(ws, r, c, value, wrap=wraps[c], **opts)
    _setup(ws, len(table), len(headers), title, freeze_cols, header_lines)


def _write_bulk(wb, st: Styles, name: str, headers: list[str], blocks: OpdBlocks, title: str, freeze_cols: int,
                bulk: list) -> None:
    """A big sheet (Indikator, Data Pendukung): the header by XlsxWriter, the rows streamed
    from the OPDs' blocks."""
    ws = wb.add_worksheet(name)
    header_lines = _write_header(ws, st, headers, blocks.widths(name))
    n = blocks.rows(name)
    sheet = BulkSheet(ws, len(headers))
    sheet.add_stream(blocks.sheet_stream(name), n, deflated=True)
    bulk.append(sheet)
    _setup(ws, n, len(headers), title, freeze_cols, header_lines)


def _setup(ws, n_rows: int, n_cols: int, title: str, freeze_cols: int, header_lines: int) -> None:
    setup_table_sheet(ws, n_rows, n_cols, freeze_cols=freeze_cols, title=title,
                      paper=8 if n_cols > 16 else 9, header_lines=header_lines)


def _formats(wb, recap: Recap) -> tuple[Styles, SessionFormats]:
    """The styles the blocks use, registered first and in a fixed order: the same style
    indices in every process and on every run."""
    st = Styles(wb)
    for name in BULK_SHEETS:
        bulk_formats(st, recap.tables()[name])
    return st, SessionFormats(Styles(wb, font_size=SESSION_FONT_SIZE))


def store_blocks(recap: Recap, store) -> None:
    """Render the row blocks of ``recap``'s OPDs into ``store`` (the run's cache), e.g. in a
    worker process while another renders other OPDs; :func:`write_recap` then finds them
    there and only streams them into the workbook."""
    import io

    wb = xlsxwriter.Workbook(io.BytesIO(), {**WORKBOOK_OPTIONS, "in_memory": True})  # for its style indices only
    st, session_formats = _formats(wb, recap)
    OpdBlocks(store, st, session_formats, recap)


def write_recap(path: str | Path, recap: Recap, panel: Panel, store=None) -> list[str]:
    """Write the recap atomically. Same recap -> identical bytes.

    With ``store`` (the run's cache; ``get_blob``/``put_blob``), each OPD's row blocks are
    kept there under its key (``OpdRows.key``) and reused on the next run. Returns the keys
    this write used, for the cache to keep. The OPDs' rows are dropped from ``recap`` as
    their blocks are stored. Raises :class:`.blocks.BlocksMissing` when a block the recap
    counted on has left the cache.
    """
    title = f"Rekap Lelang Kinerja {panel.nama_pemda}".strip()
    if panel.usable:
        title += f" {panel.tahun_awal}–{panel.tahun_akhir}"
    freeze = {SHEET_INDIKATOR: 3, SHEET_PER_OPD: 2, SHEET_PER_MISI: 1, SHEET_PENDUKUNG: 3}
    used: list[str] = []

    def writer(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {**WORKBOOK_OPTIONS, "in_memory": True})  # its parts are small: no temp files
        wb.set_properties({"title": title, "created": FIXED_CREATED, "author": "lelang-xlsx"})
        st, session_formats = _formats(wb, recap)
        bulk: list = []
        blocks = OpdBlocks(store, st, session_formats, recap)
        try:
            write_session(wb, session_formats, recap, blocks, f"{title} — {SHEET_SESI}", bulk)
            tables = {SHEET_PER_OPD: recap.per_opd, SHEET_PER_MISI: recap.per_misi}
            for name, headers in recap.tables().items():
                if name in BULK_SHEETS:
                    _write_bulk(wb, st, name, headers, blocks, f"{title} — {name}", freeze[name], bulk)
                else:
                    _write_table(wb, st, name, tables[name], f"{title} — {name}", freeze[name])
            write_charts(wb, recap)
            wb.close()
            patch(tmp, bulk)
            used.extend(blocks.used)
        finally:
            blocks.close()

    atomic.write_with(path, writer)
    return used
