"""``hasil/laporan.xlsx``: every finding, one row each, plus a status row per file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from . import rules
from .atomic import write_with
from .findings import Report

FIXED_CREATED = dt.datetime(2000, 1, 1)


def write_laporan(path: Path, report: Report) -> None:
    write_with(path, lambda tmp: _write(tmp, report))


def _write(tmp: Path, report: Report) -> None:
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": "Laporan Pemeriksaan Lelang Kinerja", "created": FIXED_CREATED})
    head = wb.add_format({"bold": True, "font_color": "white", "bg_color": "#1F4E78", "text_wrap": True, "valign": "top", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    err = wb.add_format({"bg_color": "#FFC7CE", "valign": "top"})
    warn = wb.add_format({"bg_color": "#FFEB9C", "valign": "top"})
    ok = wb.add_format({"bg_color": "#C6EFCE", "valign": "top"})
    status_fmt = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "valign": "top", "text_wrap": True})

    ws = wb.add_worksheet("Temuan")
    headers = ["Berkas", "Kode OPD", "Jenis", "Lembar", "Sel", "Kode", "Tingkat", "Judul", "Pesan"]
    ws.write_row(0, 0, headers, head)
    r = 1
    kode_of = {fs.file: fs.kode_opd for fs in report.files}
    for fs in report.files:
        summary = f"{fs.status}: {fs.errors} galat, {fs.warnings} peringatan"
        for c, v in enumerate([fs.file, fs.kode_opd, "status", "", "", "STATUS", fs.status, "Status berkas", summary]):
            ws.write_string(r, c, v, status_fmt)
        r += 1
    for f in report.findings:
        fmt = err if f.is_error else warn
        values = [f.file, kode_of.get(f.file, ""), "temuan", f.sheet, f.cell, f.code, rules.SEVERITY_NAMES[f.severity], rules.get(f.code).title, f.message]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, fmt if c in (5, 6) else wrap)
        r += 1
    ws.autofilter(0, 0, max(r - 1, 1), len(headers) - 1)
    ws.freeze_panes(1, 0)
    for c, w in enumerate((28, 12, 9, 16, 7, 8, 11, 34, 90)):
        ws.set_column(c, c, w)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)

    st = wb.add_worksheet("Status Berkas")
    sh = ["Berkas", "Kode OPD", "Nama OPD", "Status", "Galat", "Peringatan"]
    st.write_row(0, 0, sh, head)
    for i, fs in enumerate(report.files, start=1):
        st.write_string(i, 0, fs.file)
        st.write_string(i, 1, fs.kode_opd)
        st.write_string(i, 2, fs.nama_opd)
        st.write_string(i, 3, fs.status, err if fs.errors else warn if fs.warnings else ok)
        st.write_number(i, 4, fs.errors)
        st.write_number(i, 5, fs.warnings)
    st.autofilter(0, 0, max(len(report.files), 1), len(sh) - 1)
    st.freeze_panes(1, 0)
    for c, w in enumerate((30, 12, 36, 24, 8, 11)):
        st.set_column(c, c, w)
    wb.close()
