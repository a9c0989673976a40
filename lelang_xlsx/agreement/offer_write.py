"""Writing ``penawaran.xlsx``: sheet Penawaran (its data rows as raw XML, one compressed
block per OPD, copied as an earlier run compressed it when the OPD did not change), sheet
Status OPD (:mod:`.status_sheet`) and the instructions sheet Petunjuk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from .. import contract as C
from ..model import Panel
from ..output import atomic
from ..output.xlsxbulk import BulkSheet, Column, Deflated, cell_xml, deflate, patch, row_open
from ..vocab import ERROR_FONT
from ..output.xlsxstyle import (FIXED_CREATED, MARK_BG, PANEL_CELL_BG, PANEL_HEADER_BG, WORKBOOK_OPTIONS,
                                Styles, line_height, setup_table_sheet, wrapped_lines)
from . import rowblocks
from . import status_sheet as SS
from .cells import panel_cell as _panel_cell, value as _value
from .offer_rows import (FIELDS, HOLD_BG, LABEL, NOT_PROCESSED, PANEL, STATUS_KEY, VERSION_LABEL, WIDTHS, WRAP,
                         YEAR_KEYS, OfferRow)


class _Renderers:
    """Cell XML of the Penawaran data rows, one renderer per column and row colour
    (none, marked, holding), their formats registered in a fixed order."""

    def __init__(self, st: Styles, keys: list[str]):
        self.st = st
        self.keys = keys
        self.panel_keys = {f.key for f in PANEL}
        self.by_bg: dict = {}
        for bg in (None, MARK_BG, HOLD_BG):
            mark = {"bg_color": bg} if bg else {}
            cols = []
            for key in keys:
                if key in self.panel_keys:
                    props = self._panel_props(key, bg)
                    cols.append(Column(st, True, props))
                elif key == STATUS_KEY:
                    cols.append((Column(st, True, dict(bold=True, font_color=ERROR_FONT, **mark)),
                                 Column(st, True, dict(bold=False, font_color=ERROR_FONT, **mark))))
                    continue
                else:
                    opts = dict(mark)
                    if key in YEAR_KEYS:
                        opts.update(num_format="0", align="center")
                    cols.append(Column(st, key in WRAP, opts))
                rowblocks.prime(cols[-1])
            self.by_bg[bg] = [(c, {}) for c in cols]  # each with the XML of the values seen so far

    @staticmethod
    def _panel_props(key: str, bg: str | None) -> dict:
        props = {"locked": False, "bg_color": bg or PANEL_CELL_BG}
        if key in YEAR_KEYS:
            props.update(align="center", num_format="0")
        return props

    def row(self, row: OfferRow) -> str:
        texts = {k: row.proc.get(k) for k in WRAP}
        texts["catatan"] = _value(row.panel, "catatan")
        texts[STATUS_KEY] = row.status
        # the status text is bold: estimate it on a narrower column
        lines = max(wrapped_lines(t, WIDTHS[k] - (6 if k == STATUS_KEY else 0)) for k, t in texts.items())
        bg = (MARK_BG if row.status in NOT_PROCESSED else HOLD_BG) if row.status else None
        out = [row_open(line_height(lines) if lines > 1 else None)]
        for key, (col, seen) in zip(self.keys, self.by_bg[bg]):
            if key in self.panel_keys:
                cell = row.panel.get(key)
                if cell is None or (cell.value is None and not cell.formula):
                    out.append(col.blank)
                elif cell.formula or (cell.percent and isinstance(cell.value, (int, float))
                                      and not isinstance(cell.value, bool)):
                    out.append(cell_xml(*_panel_cell(self.st, cell, **self._panel_props(key, bg))))
                else:
                    out.append(_one(col, seen, cell.value))
            elif key == STATUS_KEY:
                out.append(_one(col[0], seen, row.status) if row.status else col[1].blank)
            else:
                out.append(_one(col, seen, row.proc.get(key)))
        out.append("</row>")
        return "".join(out)


def _one(col: Column, seen: dict, v) -> str:
    """``col.one(v)``, once per distinct text or non-zero number (0.0 and -0.0 are one key)."""
    t = type(v)
    if t is str or ((t is float or t is int) and v):
        k = (t, v)
        x = seen.get(k)
        if x is None:
            x = seen[k] = col.one(v)
        return x
    return col.one(v)


@dataclass
class RowBlock:
    """One OPD's rows of sheet Penawaran in the file: rendered from ``rows``, or its
    compressed XML (``block``) as an earlier run rendered it (:mod:`.offer_units`)."""

    n: int  # rows
    rows: list[OfferRow] | None = None
    block: Deflated | None = None
    cacheable: bool = False  # its XML uses only the formats every run registers first (rowblocks.prime)


def row_blocks(rows: list[OfferRow]) -> list[RowBlock]:
    """The rows as blocks of one OPD each (each OPD's rows are together in the list)."""
    out, start = [], 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and rows[end].key[0] == rows[start].key[0]:
            end += 1
        out.append(RowBlock(end - start, rows[start:end]))
        start = end
    return out


def _render_rows(bulk: BulkSheet | None, parts: list[RowBlock], renderers: _Renderers, fixed: int) -> None:
    """Each OPD's rows compressed on their own (a block rendered in an earlier run is copied)."""
    for part in parts:
        if part.block is None:
            xml = "".join(renderers.row(r) for r in part.rows).encode("utf-8")
            part.block, part.cacheable = deflate(xml), rowblocks.fits(xml, fixed)
        if part.n and bulk is not None:
            bulk.add_stream([part.block], part.n, deflated=True)


def _book(filename: str) -> tuple:
    """(workbook, styles, renderers, how many formats every run registers first)."""
    wb = xlsxwriter.Workbook(filename, WORKBOOK_OPTIONS)
    st = Styles(wb)
    renderers = _Renderers(st, [f.key for f in FIELDS] + [STATUS_KEY])  # first: the same indices every run
    return wb, st, renderers, rowblocks.registered(wb)


def render_blocks(parts: list[RowBlock]) -> None:
    """Render the blocks not rendered yet as :func:`write_file` would, without writing a file
    (for the run's cache when the file as read needs no change)."""
    wb, _, renderers, fixed = _book("penawaran.xlsx")
    _render_rows(None, parts, renderers, fixed)
    wb.fileclosed = True  # never written


def write_file(path: Path, panel: Panel, parts: list[RowBlock], status_rows: list[SS.StatusRow],
               guard=None) -> None:
    """Sheet Penawaran from ``parts`` (:func:`row_blocks`; each part's ``block`` is set to
    what was written), Status OPD, Petunjuk. ``guard()`` runs when the new file is complete,
    just before it replaces ``path`` (raising leaves ``path`` as it is)."""
    keys = [f.key for f in FIELDS] + [STATUS_KEY]
    headers = [f.label for f in FIELDS] + [C.PENAWARAN_STATUS_HEADER]
    panel_keys = {f.key for f in PANEL}
    help_by_key = {f.key: f.help for f in PANEL}
    n = sum(p.n for p in parts)

    def writer(tmp: Path) -> None:
        wb, st, renderers, fixed = _book(str(tmp))
        wb.set_properties({"title": f"Penawaran Lelang Kinerja {panel.nama_pemda}".strip(),
                           "keywords": f"lelang-xlsx penawaran versi {C.OFFER_VERSION}",
                           "created": FIXED_CREATED, "author": "lelang-xlsx"})
        ws = wb.add_worksheet(C.SHEET_PENAWARAN)
        for c, (key, header) in enumerate(zip(keys, headers)):
            is_panel = key in panel_keys
            ws.write_string(0, c, header, st.header(PANEL_HEADER_BG if is_panel else "#1F4E79"))
            col_fmt = None
            if is_panel:
                extra = {"num_format": "0", "align": "center"} if key in YEAR_KEYS else {}
                col_fmt = st.fmt(locked=False, bg_color=PANEL_CELL_BG, **extra)
            ws.set_column(c, c, WIDTHS.get(key, 12), col_fmt)
        bulk = BulkSheet(ws, len(keys))  # data rows as raw XML, one compressed block per OPD
        _render_rows(bulk, parts, renderers, fixed)
        last = max(n, 1)
        for key in (f.key for f in PANEL):  # contract order: deterministic output
            c = keys.index(key)
            label = LABEL[key]
            options: dict = {"validate": "any"}
            if key == "keputusan":
                options = {
                    "validate": "list",
                    "source": list(C.DECISIONS),
                    "error_type": "warning",
                    "error_title": label,
                    "error_message": "Pilih Sanggup atau Tidak Sanggup.",
                }
            elif key in ("tawaran_tahun", "disepakati_tahun") and panel.usable:
                options = {
                    "validate": "integer",
                    "criteria": "between",
                    "minimum": panel.tahun_awal,
                    "maximum": panel.tahun_akhir,
                    "error_type": "warning",
                    "error_title": label,
                    "error_message": f"Tahun harus antara {panel.tahun_awal} dan {panel.tahun_akhir}.",
                }
            elif key in ("tawaran_nilai", "disepakati"):
                options = {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": -1e15,
                    "maximum": 1e15,
                    "error_type": "warning",
                    "error_title": label,
                    "error_message": "Ketik angka saja, desimal memakai koma (12,5).",
                }
            options.update(input_title=label[:32], input_message=help_by_key[key][:255])
            ws.data_validation(1, c, last, c, options)
        header_lines = max(wrapped_lines(h, WIDTHS.get(k, 12) - 1) for k, h in zip(keys, headers))
        setup_table_sheet(ws, n, len(keys), freeze_cols=3, header_lines=header_lines,
                          title=f"Penawaran Lelang Kinerja {panel.nama_pemda}".strip())
        ws.protect("", {
            "format_cells": True, "format_columns": True, "format_rows": True,
            "sort": True, "autofilter": True, "select_locked_cells": True,
            "select_unlocked_cells": True,
        })
        status_bulk = SS.write_sheet(wb, st, status_rows)
        _write_instructions(wb, st, panel)
        wb.close()
        patch(tmp, [bulk, status_bulk])

    atomic.write_with(path, writer, guard)


def _write_instructions(wb, st: Styles, panel: Panel) -> None:
    ws = wb.add_worksheet(C.SHEET_PETUNJUK)
    widths = (26, 90)
    ws.set_column(0, 0, widths[0])
    ws.set_column(1, 1, widths[1])
    first, last = (panel.tahun_awal, panel.tahun_akhir) if panel.usable else ("?", "?")
    lines = [
        ("Petunjuk pengisian penawaran", ""),
        ("", f"Satu baris untuk setiap indikator OPD yang isiannya valid. Periode {first}–{last}."),
        ("Kolom biru", "Usulan OPD; dikunci (tanpa kata sandi) agar tidak berubah tanpa sengaja."),
        ("Kolom kuning", "Diisi Tim Penilai saat sesi lelang."),
    ]
    lines += [(f.label, f.help) for f in PANEL]
    lines += [
        ("Hasil per indikator", "Tanpa tawaran: usulan OPD yang disepakati. Tawaran + Sanggup: tawaran "
                                "(nilai dan tahun) yang disepakati. Tawaran + Tidak Sanggup: Target Disepakati "
                                "(pada Tahun Disepakati, kosong = tahun terakhir) jika diisi, selain itu usulan OPD; "
                                "penolakan dicatat di pakta."),
        ("Target tahunan", "Pakta memuat target setiap tahun. Tahun sebelum tahun tawaran: yang lebih berat antara "
                           "target OPD dan garis lurus dari nilai dasar ke tawaran; sejak tahun tawaran: nilai tawaran."),
        ("Hanya tahun", "Tawaran Tahun tanpa Tawaran Target Akhir berarti tawaran waktu: target usulan "
                        "dicapai lebih cepat."),
        (f"Lembar {C.SHEET_STATUS_OPD}", "Satu baris per OPD. Setelah sesi dengan OPD selesai dan semua tawarannya "
                                          "diputuskan, isi Sesi Selesai = Ya. Pakta OPD itu diterbitkan pada "
                                          "'lelang run' berikutnya dan dicatat di hasil/kesepakatan.xlsx."),
        ("Pakta terkunci", "Selama Sesi Selesai = Ya, pakta yang sudah terbit tidak diubah lagi: perubahan isi "
                           "formulir atau baris penawaran OPD itu dilaporkan (LK509) dengan nilai lama dan baru. "
                           "Formulir yang hanya disimpan ulang tidak mengunci pakta."),
        ("Perubahan pakta", "Kosongkan Sesi Selesai lalu jalankan: pakta yang berlaku tidak ditarik. Isi Berlaku "
                            "Mulai (tahun pertama yang diubah, misalnya 2020), Alasan Perubahan, dan bila perlu "
                            "Tanggal Pakta; isi Ya lagi dan jalankan: terbit Perubahan ke-N, target tahun sebelum "
                            "Berlaku Mulai tetap, pakta lama dipindah ke hasil/arsip/."),
        (C.PENAWARAN_STATUS_HEADER, "Diisi pemroses. Baris merah tidak diproses: indikatornya tidak ada lagi di isian "
                                    "OPD, isian OPD sedang ada galat, atau baris ganda. Baris jingga menahan pakta "
                                    "OPD-nya: tawaran belum diputuskan atau tidak valid."),
        ("Angka", "Ketik angka di sel; desimal memakai koma (95,5). Baris boleh diurutkan atau disaring."),
        (VERSION_LABEL, C.OFFER_VERSION),
    ]
    for r, (a, b) in enumerate(lines):
        if r == 0:
            ws.write_string(r, 0, a, st.fmt(bold=True, font_size=14))
            continue
        ws.write_string(r, 0, a, st.fmt(bold=True, valign="top", text_wrap=True))
        ws.write_string(r, 1, b, st.fmt(text_wrap=True, valign="top"))
        n = max(wrapped_lines(a, widths[0] - 4), wrapped_lines(b, widths[1] - 2))
        if n > 1:
            ws.set_row(r, line_height(n))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
