"""``pemantauan.xlsx``: Ringkasan (per OPD, for the projector), Per Indikator (every
quarter's target, realisation, capaian and light; the projection), Peringatan Dini,
Per Misi and Grafik (native charts); and ``pemantauan.json``.

The two sheets with a row per indicator (54,000 at 1,000 OPDs) get their data rows as
raw sheet XML (:mod:`lelang_xlsx.output.xlsxbulk`, as evaluasi.xlsx and the recap); the
sheets the charts read stay XlsxWriter's, so the charts keep their cached values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, NamedTuple

import xlsxwriter

from ..output.atomic import write_with
from ..output.xlsxbulk import BulkSheet, Column, Deflated, deflate, patch, row_open, table_xml
from ..output.xlsxchart import ChartPages, count_axis, short_label
from ..output.xlsxstyle import (FIXED_CREATED, HEADER_BG, WORKBOOK_OPTIONS, Styles, line_height, print_fit_width,
                                setup_table_sheet, wrapped_lines)
from . import contract as P
from .results import Line, OpdStatus, early_warnings

PCT = "0.00"
VALUE = "#,##0.00"  # a projection: any magnitude, two decimals
PROJECTOR_FONT = 16
LIGHT_NAMES = {P.HIJAU: "Hijau", P.KUNING: "Kuning", P.MERAH: "Merah", P.ABU: "Abu-abu"}
LIGHT_CHART = {P.HIJAU: "#70AD47", P.KUNING: "#FFC000", P.MERAH: "#C00000", P.ABU: "#A6A6A6"}


LISTS = ("opd", "peringatan_dini", "misi")


def write_json(path: Path, data: dict) -> None:
    """``data`` as JSON with one OPD (warning, mission) per line: readable, and written by
    the C encoder (an indented dump goes through the pure-Python one: 54,000 indicators)."""
    def writer(tmp: Path) -> None:
        head = {k: v for k, v in data.items() if k not in LISTS}
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(head, ensure_ascii=False)[:-1])
            for key in LISTS:
                fh.write(f', "{key}": [\n')
                fh.write(",\n".join(x if isinstance(x, Line) else json.dumps(x, ensure_ascii=False)
                                     for x in data.get(key, [])))
                fh.write("\n]")
            fh.write("}\n")

    write_with(path, writer)


def write_workbook(path: Path, year: int, q: int, pemda: str, results: list[OpdStatus], missions: list[dict],
                   blocks: dict | None = None) -> None:
    """``blocks``: kode OPD -> its :class:`Blocks` rendered beforehand (a worker, the
    cache); the other OPDs' rows are rendered here."""
    write_with(path, lambda tmp: _write(tmp, year, q, pemda, results, missions, blocks or {}))


def _write(tmp: Path, year: int, q: int, pemda: str, results: list[OpdStatus], missions: list[dict],
           blocks: dict) -> None:
    wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"Pemantauan Kinerja {P.tw(q)} {year}", "company": pemda, "created": FIXED_CREATED})
    st = Styles(wb)
    tables = Tables(st, q)  # first: the row blocks' style indices are the same in every workbook of quarter q
    title = f"Pemantauan Kinerja {P.tw(q)} {year} – {pemda}"
    bulk: list[BulkSheet] = []
    _ringkasan(wb, Styles(wb, PROJECTOR_FONT), results, q, title)
    rendered = [_blocks_of(r, q, tables, blocks) for r in results]
    _per_indikator(wb, st, tables, rendered, title, bulk)
    _peringatan(wb, st, tables, results, rendered, title, bulk)
    _per_misi(wb, st, missions, title)
    _charts(wb, st, results, q)
    wb.get_worksheet_by_name("Ringkasan").activate()
    wb.close()
    patch(tmp, bulk)


def _light_fmt(st: Styles, light: str, **extra):
    return st.fmt(bg_color=P.LIGHT_BG[light], border=1, border_color="#BFBFBF", align="center", **extra)


def _ringkasan(wb, st: Styles, results: list[OpdStatus], q: int, title: str) -> None:
    ws = wb.add_worksheet("Ringkasan")
    headers = [("Kode OPD", 15), ("Nama OPD", 44), ("Laporan", 17), ("Hijau", 9), ("Kuning", 9), ("Merah", 9),
               ("Abu-abu", 10), ("Sesuai Jalur (%)", 12), ("Proyeksi Capaian (%)", 13), ("Kategori Proyeksi", 16)]
    ws.merge_range(0, 0, 0, len(headers) - 1, title, st.fmt(bold=True, font_size=PROJECTOR_FONT + 4,
                                                             font_color=HEADER_BG))
    ws.set_row(0, 34)
    for c, (h, w) in enumerate(headers):
        ws.write_string(1, c, h, st.header())
        ws.set_column(c, c, w)
    ws.set_row(1, line_height(3, PROJECTOR_FONT) + 4)
    for r, res in enumerate(results, start=2):
        shown = f"s.d. {P.tw(res.dilaporkan)}" if res.status == "dilaporkan" and res.dilaporkan else res.status
        st.put(ws, r, 0, res.kode)
        st.put(ws, r, 1, res.nama, wrap=True)
        st.put(ws, r, 2, shown, wrap=True, **({} if res.status == "dilaporkan" else {"bg_color": P.LIGHT_BG[P.ABU]}))
        for c, light in enumerate(P.LIGHTS, start=3):
            n = res.lampu.get(light, 0)
            if n:
                ws.write_number(r, c, n, _light_fmt(st, light, bold=True, font_size=PROJECTOR_FONT))
            else:
                st.put(ws, r, c, 0, num_format="0", align="center", font_color="#A6A6A6")
        st.put(ws, r, 7, res.sesuai_jalur, num_format=PCT)
        st.put(ws, r, 8, res.capaian_proyeksi, num_format=PCT)
        st.put(ws, r, 9, res.kategori)
        lines = max(wrapped_lines(res.nama, 44 * 11 / PROJECTOR_FONT), wrapped_lines(shown, 17 * 11 / PROJECTOR_FONT))
        ws.set_row(r, line_height(lines, PROJECTOR_FONT))
    ws.freeze_panes(2, 2)
    ws.autofilter(1, 0, max(len(results), 1) + 1, len(headers) - 1)
    print_fit_width(ws, repeat_rows=1, title=title)
    ws.set_zoom(100)


class Table:
    """One bulk sheet's columns with their styles registered (:class:`Tables`)."""

    def __init__(self, st: Styles, headers: list[tuple[str, float]], wrap: set, formats: dict, light_cols: set):
        self.headers, self.wrap, self.light_cols = headers, wrap, light_cols
        self.columns = [Column(st, c in wrap, {"num_format": formats[c]} if c in formats else {})
                        for c in range(len(headers))]
        for c, col in enumerate(self.columns):
            if c not in formats:
                for probe in (1.0, 1.5, 1.25, 1.125, 1.0625):  # every number format now, in a fixed order
                    col.one(probe)

    def xml(self, rows: list[list], lit: dict) -> bytes:
        return b"".join(_rows_xml(rows, self.headers, self.columns, self.wrap, self.light_cols, lit))


def indikator_headers(q: int) -> list[tuple[str, float]]:
    headers = [("Kode OPD", 11), ("Nama OPD", 24), ("Kode Indikator", 13), ("Misi", 6), ("Indikator Kinerja", 34),
               ("Satuan", 10), ("Polaritas", 9), ("Sifat Data", 11), ("Target Tahunan", 11)]
    for n in range(1, q + 1):
        headers += [(f"Target {P.tw(n)}", 10), (f"Realisasi {P.tw(n)}", 10), (f"Capaian {P.tw(n)} (%)", 10),
                    (f"Lampu {P.tw(n)}", 9)]
    return headers + [("Proyeksi Akhir Tahun", 14), ("Capaian Proyeksi (%)", 11), ("Kategori Proyeksi", 14)]


def peringatan_headers(q: int) -> list[tuple[str, float]]:
    return [("Kode OPD", 11), ("Nama OPD", 22), ("Kode Indikator", 13), ("Indikator Kinerja", 30), ("Satuan", 9),
            ("Sifat Data", 10), (f"Target {P.tw(q)}", 10), (f"Realisasi {P.tw(q)}", 10), ("Capaian (%)", 10),
            ("Lampu", 9), ("Proyeksi Akhir Tahun", 14), ("Kategori Proyeksi", 13), ("Penjelasan OPD", 36),
            ("Rencana Aksi", 36)]


class Tables:
    """The two sheets with a row per indicator (Per Indikator, Peringatan Dini): columns and
    light cells with their styles registered first in a workbook, in a fixed order, so a
    block of rows rendered in one workbook (a worker's scratch one) fits another of the
    same quarter; ``signature`` is the style indices, compared before a block is used."""

    def __init__(self, st: Styles, q: int):
        base = 9
        self.q = q
        self.indikator = Table(st, indikator_headers(q), {1, 4},
                               {base + 4 * n + 2: PCT for n in range(q)} | {base + 4 * q: VALUE, base + 4 * q + 1: PCT},
                               {base + 4 * n + 3 for n in range(q)})
        self.peringatan = Table(st, peringatan_headers(q), {1, 3, 12, 13}, {8: PCT, 10: VALUE}, {9})
        self.lit = {light: Column(st, False, {"bg_color": P.LIGHT_BG[light], "align": "center"}).one(LIGHT_NAMES[light])
                    for light in P.LIGHTS}
        self.signature = tuple(_column_styles(c) for t in (self.indikator, self.peringatan) for c in t.columns) + \
            tuple(self.lit.values())
        self._formats = st.wb.xf_format_indices

    def styles_added(self) -> int:
        return len(self._formats)


def _column_styles(col: Column) -> tuple:
    return col.text_s, col.blank_s, col.fixed_s, tuple(sorted(col.by_decimals.items()))


class Blocks(NamedTuple):
    """One OPD's rows of Per Indikator and Peringatan Dini as compressed sheet XML."""
    q: int
    signature: tuple
    indikator: Deflated
    n_indikator: int
    peringatan: Deflated
    n_peringatan: int


def indikator_rows(r: OpdStatus, q: int) -> list[list]:
    rows = []
    for i in r.indicators:
        row = [r.kode, r.nama, i.kode, i.misi, i.indikator, i.satuan, i.polaritas, i.sifat, i.target]
        for n in range(q):
            row += [i.targets[n], i.realisasi[n], i.capaian[n], i.lampu[n]]
        rows.append(row + [i.proyeksi, i.capaian_proyeksi, i.kategori])
    return rows


def peringatan_rows(r: OpdStatus, q: int) -> list[list]:
    return [[r.kode, r.nama, i.kode, i.indikator, i.satuan, i.sifat, i.targets[q - 1], i.realisasi[q - 1],
             i.capaian[q - 1], i.lampu[q - 1], i.proyeksi, i.kategori, i.penjelasan, i.rencana]
            for _, i in early_warnings([r], q)]


def render_blocks(r: OpdStatus, q: int, tables: Tables) -> Blocks | None:
    """The OPD's blocks, or None when rendering them needed a style the tables had not
    registered (the block would not fit another workbook)."""
    before = tables.styles_added()
    ind, warn = indikator_rows(r, q), peringatan_rows(r, q)
    a, b = tables.indikator.xml(ind, tables.lit), tables.peringatan.xml(warn, tables.lit)
    if tables.styles_added() != before:
        return None
    return Blocks(q, tables.signature, deflate(a), len(ind), deflate(b), len(warn))


_SCRATCH: dict[int, Tables] = {}  # q -> the tables of a scratch workbook (one per process)


def blocks_for(r: OpdStatus, q: int) -> Blocks | None:
    """:func:`render_blocks` in this process's scratch workbook for quarter ``q`` (a worker)."""
    tables = _SCRATCH.get(q)
    if tables is None:
        import io

        wb = xlsxwriter.Workbook(io.BytesIO(), WORKBOOK_OPTIONS)
        tables = _SCRATCH[q] = Tables(Styles(wb), q)
    return render_blocks(r, q, tables)


def _blocks_of(r: OpdStatus, q: int, tables: Tables, known: dict) -> Blocks:
    b = known.get(r.kode)
    if b is not None and b.q == q and b.signature == tables.signature:
        return b
    b = render_blocks(r, q, tables)
    if b is None:  # cannot happen with the values a status holds; rendered as one more block anyway
        ind, warn = indikator_rows(r, q), peringatan_rows(r, q)
        b = Blocks(q, (), deflate(tables.indikator.xml(ind, tables.lit)), len(ind),
                   deflate(tables.peringatan.xml(warn, tables.lit)), len(warn))
    return b


def _bulk(ws, st: Styles, table: Table, pieces: list[Deflated], n_rows: int, bulk: list[BulkSheet],
          freeze_cols: int, title: str) -> None:
    """A table whose data rows go in as raw XML blocks (one per OPD)."""
    for c, (h, w) in enumerate(table.headers):
        ws.write_string(0, c, h, st.header())
        ws.set_column(c, c, w)
    sheet = BulkSheet(ws, len(table.headers))
    sheet.add_stream(pieces, n_rows, deflated=True)
    bulk.append(sheet)
    setup_table_sheet(ws, n_rows, len(table.headers), title=title, freeze_cols=freeze_cols, paper=8)  # A3: wide


def _rows_xml(rows, headers, columns, wrap, light_cols, lit, chunk: int = 2000) -> Iterator[bytes]:
    """``chunk`` rows at a time, column by column (:meth:`xlsxbulk.Column.cells`: each
    distinct value of a block rendered once)."""
    heights: dict = {}
    for start in range(0, len(rows), chunk):
        block = rows[start:start + chunk]
        opens = []
        for row in block:
            lines = 1
            for c in wrap:
                key = (row[c], headers[c][1])
                n = heights.get(key)
                if n is None:
                    n = heights[key] = wrapped_lines(*key)
                lines = max(lines, n)
            opens.append(row_open(min(line_height(lines), 200)) if lines > 1 else "<row>")
        cells = []
        for c, col in enumerate(columns):
            values = [row[c] for row in block]
            if c in light_cols:
                cells.append([lit.get(v) or col.one(v) for v in values])
            else:
                cells.append(col.cells(values)[0])
        yield table_xml(opens, cells)


def _per_indikator(wb, st: Styles, tables: Tables, rendered: list[Blocks], title: str, bulk: list) -> None:
    ws = wb.add_worksheet("Per Indikator")
    _bulk(ws, st, tables.indikator, [b.indikator for b in rendered], sum(b.n_indikator for b in rendered), bulk, 3,
          title)


def _peringatan(wb, st: Styles, tables: Tables, results: list[OpdStatus], rendered: list[Blocks], title: str,
                bulk: list) -> None:
    """Every OPD's early warnings, OPDs in code order (:func:`results.early_warnings`)."""
    ws = wb.add_worksheet("Peringatan Dini")
    order = sorted(range(len(results)), key=lambda k: results[k].kode)
    _bulk(ws, st, tables.peringatan, [rendered[k].peringatan for k in order],
          sum(b.n_peringatan for b in rendered), bulk, 3, title)


def _per_misi(wb, st: Styles, missions: list[dict], title: str) -> None:
    ws = wb.add_worksheet("Per Misi")
    headers = [("Misi", 8), ("Uraian", 60), ("Jumlah Indikator", 11), ("Hijau", 8), ("Kuning", 8), ("Merah", 8),
               ("Abu-abu", 9), ("Proyeksi Capaian (%)", 12), ("Kategori Proyeksi", 15)]
    for c, (h, w) in enumerate(headers):
        ws.write_string(0, c, h, st.header())
        ws.set_column(c, c, w)
    for r, m in enumerate(missions, start=1):
        st.put(ws, r, 0, m["misi"])
        st.put(ws, r, 1, m["uraian"], wrap=True)
        st.put(ws, r, 2, m["jumlah"], num_format="0")
        for c, light in enumerate(P.LIGHTS, start=3):
            n = m["lampu"][light]
            if n:
                ws.write_number(r, c, n, _light_fmt(st, light))
            else:
                st.put(ws, r, c, 0, num_format="0", align="center")
        st.put(ws, r, 7, m["capaian_proyeksi"], num_format=PCT)
        st.put(ws, r, 8, m["kategori"])
        ws.set_row(r, line_height(wrapped_lines(m["uraian"], 60)))
    setup_table_sheet(ws, len(missions), len(headers), title=title)


def _charts(wb, st: Styles, results: list[OpdStatus], q: int) -> None:
    """Sheet Grafik: the lights per OPD (stacked bars, read from Ringkasan) and the lights
    of all indicators (one column per light), one chart per printed page."""
    ws = wb.add_worksheet("Grafik")
    pages = ChartPages(ws)
    n = len(results)
    if n:
        bar = wb.add_chart({"type": "bar", "subtype": "stacked"})
        for c, light in enumerate(P.LIGHTS, start=3):
            bar.add_series({"name": ["Ringkasan", 1, c], "categories": ["Ringkasan", 2, 0, n + 1, 0],
                            "values": ["Ringkasan", 2, c, n + 1, c], "fill": {"color": LIGHT_CHART[light]},
                            "gap": 40})
        bar.set_title({"name": f"Lampu indikator per OPD, {P.tw(q)}"})
        bar.set_y_axis({"reverse": True})
        bar.set_x_axis(count_axis(max((len(r.indicators) for r in results), default=0)))
        bar.set_legend({"position": "bottom"})
        pages.add(bar, 120 + 26 * n)
    c0 = pages.columns + 1
    ws.write_string(0, c0, "Lampu", st.header())
    ws.write_string(0, c0 + 1, "Jumlah Indikator", st.header())
    counts = {light: sum(r.lampu.get(light, 0) for r in results) for light in P.LIGHTS}
    for k, light in enumerate(P.LIGHTS, start=1):
        st.put(ws, k, c0, LIGHT_NAMES[light])
        st.put(ws, k, c0 + 1, counts[light], num_format="0")
    col = wb.add_chart({"type": "column"})
    col.add_series({"name": "Jumlah Indikator", "categories": ["Grafik", 1, c0, 4, c0],
                    "values": ["Grafik", 1, c0 + 1, 4, c0 + 1], "data_labels": {"value": True},
                    "points": [{"fill": {"color": LIGHT_CHART[light]}} for light in P.LIGHTS]})
    col.set_title({"name": short_label(f"Seluruh indikator menurut lampu, {P.tw(q)}")})
    col.set_legend({"none": True})
    col.set_y_axis(count_axis(max(counts.values(), default=0)))
    pages.add(col, 420)
    pages.finish()
