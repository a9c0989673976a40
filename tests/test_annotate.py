"""The annotated copy: the zip-level fast path and the openpyxl path give the same
visible result; fallbacks; re-annotating an annotated copy; LibreOffice opens it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from lelang_xlsx import rules
from lelang_xlsx.workbooks.annotate import AUTHOR, FINDINGS_SHEET, annotate, annotate_openpyxl
from lelang_xlsx.workbooks.annotate_fast import FILL, NO_FINDINGS, annotate_zip
from lelang_xlsx.checking.findings import Finding, col_index

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


def F(sheet: str, cell: str, code: str = "LK304", severity: str = rules.ERROR, message: str = "nilai tidak sah") -> Finding:
    row = col = None
    if cell:
        letters = cell.rstrip("0123456789")
        row, col = int(cell[len(letters):]), col_index(letters)
    return Finding(code, severity, "dinkes.xlsx", sheet, cell, message, row, col)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def xlsxwriter_book(path: Path, indicators: int = 6, support: int = 10) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    pct = wb.add_format({"num_format": "0.00%"})
    num = wb.add_format({"num_format": "#,##0.00", "border": 1})
    ident = wb.add_worksheet("Identitas")
    ident.write_row(0, 0, ["Isian", "Nilai"], bold)
    ident.write_column(1, 0, ["Nama OPD", "NIP Kepala OPD", "Kontak"])
    ident.write_column(1, 1, ["Dinas Kesehatan", "19680411 199303 1 009", "0341-123456"])
    ind = wb.add_worksheet("Indikator")
    headers = ["No", "Kode", "Misi", "Sasaran", "Program", "Indikator", "Cara", "Satuan", "Polaritas",
               "Tahun Dasar", "Nilai Dasar", "Sumber", "2019", "2020", "2021", "2022", "2023"]
    ind.write_row(0, 0, headers, bold)
    for i in range(indicators):
        r = i + 1
        ind.write_row(r, 0, [i + 1, f"IK-{i + 1:02d}", "M1", "Sasaran panjang " * 3, "Program", f"Indikator {i}",
                             "Rumus / penyebut x 100", "%", "Naik", 2018])
        ind.write_number(r, 10, 0.855 + i / 1000, pct)
        ind.write_string(r, 11, "Laporan 2018")
        for k in range(5):
            ind.write_number(r, 12 + k, 87 + k + i, num)
    ind.autofilter(0, 0, indicators, len(headers) - 1)
    ind.data_validation(1, 8, indicators, 8, {"validate": "list", "source": ["Naik", "Turun"]})
    ind.set_column(3, 3, 30)
    ind.freeze_panes(1, 0)
    sup = wb.add_worksheet("Data Pendukung")
    sup.write_row(0, 0, ["Kode", "Uraian", "Wilayah", "Tahun", "Nilai", "Satuan", "Sumber"], bold)
    for i in range(support):
        sup.write_row(i + 1, 0, [f"IK-{i % max(indicators, 1) + 1:02d}", f"Data {i}", "Total", 2018])
        sup.write_number(i + 1, 4, 1000 + i, num)
        sup.write_row(i + 1, 5, ["orang", "Dinkes"])
    ref = wb.add_worksheet("Referensi")
    ref.write_column(0, 0, ["Naik", "Turun"])
    ref.hide()
    wb.define_name("Polaritas", "=Referensi!$A$1:$A$2")
    wb.define_name("Indikator!Kolom", "=Indikator!$F$2:$F$7")
    sup.activate()  # the selected tab has no findings: it must lose tabSelected
    wb.close()
    return path


def openpyxl_book(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Indikator"
    ws.append(["No", "Kode", "Nilai", "Persen"])
    for i in range(1, 6):
        ws.append([i, f"IK-{i:02d}", 100 + i, i / 10])
        ws.cell(i + 1, 4).number_format = "0%"
    other = wb.create_sheet("Data Pendukung")
    other.append(["Kode", "Nilai"])
    other.append(["IK-01", 5])
    wb.save(path)
    return path


FINDINGS = [
    F("Indikator", "K2", "LK304", rules.ERROR, "angka ambigu '1.234' <&> \"kutip\""),
    F("Indikator", "K2", "LK320", rules.WARNING, "peringatan kedua di sel yang sama"),
    F("Indikator", "I3", "LK307", rules.WARNING, "polaritas tidak dikenal"),
    F("Indikator", "B4", "LK309", rules.ERROR, "=HYPERLINK(\"http://x\")"),
    F("Indikator", "S5", "LK310", rules.WARNING, "+cmd|' /C calc'!A0"),  # empty cell in an existing row
    F("Indikator", "C40", "LK311", rules.ERROR, "baris yang belum ada\x07 dengan kontrol"),  # missing row
    F("Data Pendukung", "E3", "LK401", rules.ERROR, "nilai negatif"),
    F("Referensi", "A2", "LK402", rules.WARNING, "di lembar tersembunyi"),
    F("Identitas", "B3", "LK203", rules.ERROR, "NIP tidak sah"),
    F("Lembar Hilang", "A1", "LK102", rules.ERROR, "lembar tidak ada"),
    F("", "", "LK205", rules.WARNING, "berkas tidak lengkap"),
    F("Indikator", "", "LK103", rules.ERROR, "tabel kosong"),
]


def visible(path: Path) -> dict:
    """What a user sees, read with openpyxl."""
    wb = load_workbook(path)
    fills, comments, cells = {}, {}, {}
    for ws in wb.worksheets:
        if ws.title == FINDINGS_SHEET:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.fill.fill_type == "solid" and str(c.fill.fgColor.rgb)[-6:] in FILL.values():
                    fills[(ws.title, c.coordinate)] = str(c.fill.fgColor.rgb)[-6:]
                if c.comment is not None:
                    comments[(ws.title, c.coordinate)] = (c.comment.text, c.comment.author)
                if c.value is not None:
                    cells[(ws.title, c.coordinate)] = (c.value, c.number_format)
    out = {"fills": fills, "comments": comments, "cells": cells, "sheetnames": wb.sheetnames}
    if FINDINGS_SHEET in wb.sheetnames:
        ws = wb[FINDINGS_SHEET]
        top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "No")  # the table header
        out["intro"] = {ws.cell(r, 1).value: ws.cell(r, 6).value for r in range(2, top)}
        out["listing"] = [
            tuple((c.value if c.value != "" else None) for c in row)
            + ((row[4].hyperlink.location if row[4].hyperlink else None),)
            for row in ws.iter_rows(min_row=top, max_col=6)
        ]
        out["types"] = [tuple(c.data_type for c in row) for row in ws.iter_rows(min_row=top + 1, max_col=6)]
        out["heights"] = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
        out["active"] = wb.active.title
        out["selected"] = [s.title for s in wb.worksheets if s.sheet_view.tabSelected]
        out["freeze"] = ws.freeze_panes
        out["widths"] = [ws.column_dimensions[x].width for x in "ABCDEF"]
    return out


def original_cells(path: Path) -> dict:
    wb = load_workbook(path)
    return {(ws.title, c.coordinate): (c.value, c.number_format)
            for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}


@pytest.fixture
def book(tmp_path):
    return xlsxwriter_book(tmp_path / "in.xlsx")


def test_fast_and_openpyxl_paths_agree(tmp_path, book):
    before = sha(book)
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    assert annotate_zip(book, fast, FINDINGS) is True
    annotate_openpyxl(book, slow, FINDINGS)
    assert sha(book) == before
    a, b = visible(fast), visible(slow)
    assert a["fills"] == b["fills"] == {
        ("Indikator", "K2"): FILL["E"], ("Indikator", "I3"): FILL["W"], ("Indikator", "B4"): FILL["E"],
        ("Indikator", "S5"): FILL["W"], ("Indikator", "C40"): FILL["E"], ("Data Pendukung", "E3"): FILL["E"],
        ("Referensi", "A2"): FILL["W"], ("Identitas", "B3"): FILL["E"],
    }
    assert a["comments"] == b["comments"]
    assert a["comments"][("Indikator", "K2")] == (
        "LK304 (galat): angka ambigu '1.234' <&> \"kutip\"\nLK320 (peringatan): peringatan kedua di sel yang sama", AUTHOR)
    assert a["comments"][("Indikator", "C40")][0] == "LK311 (galat): baris yang belum ada dengan kontrol"
    # original values and number formats unchanged
    orig = original_cells(book)
    assert a["cells"] == orig
    assert b["cells"] == orig
    assert orig[("Indikator", "K2")][1] == "0.00%"
    assert a["listing"] == b["listing"]
    assert a["listing"][0][:6] == ("No", "Kode", "Tingkat", "Lembar", "Sel", "Pesan")
    # workbook order: the file itself, then sheet by sheet as in the workbook, row, column
    assert [row[1] for row in a["listing"][1:]] == ["LK205", "LK203", "LK103", "LK304", "LK320", "LK307", "LK309",
                                                    "LK310", "LK311", "LK401", "LK402", "LK102"]
    assert a["listing"][1][1:6] == ("LK205", "peringatan", None, None, "berkas tidak lengkap")
    assert a["listing"][4] == (4, "LK304", "galat", "Indikator", "K2", FINDINGS[0].message, "'Indikator'!K2")
    assert a["listing"][10][-1] == "'Data Pendukung'!E3"
    assert a["listing"][12][6] is None  # sheet not in the workbook: no link
    assert len(a["listing"]) == len(FINDINGS) + 1
    # formulas never: messages starting with '=' or '+cmd|' stay text
    assert a["listing"][7][5].startswith("=") and a["types"][6][5] == "s"
    assert a["listing"][8][5].startswith("+cmd|") and a["types"][7][5] == "s"
    assert b["types"][6][5] == "s" and b["types"][7][5] == "s"
    for v in (a, b):
        assert v["sheetnames"] == [FINDINGS_SHEET, "Identitas", "Indikator", "Data Pendukung", "Referensi"]
        assert v["active"] == FINDINGS_SHEET
        assert v["selected"] == [FINDINGS_SHEET]
        assert v["widths"] == [5, 8, 11, 16, 8, 110]
        # the heading says what was checked, how it went, what the colours mean and what to do next
        assert v["intro"]["Hasil"] == "7 galat, 5 peringatan: formulir belum dapat diterima."
        assert v["intro"]["Arti warna"].startswith("Merah = galat: harus diperbaiki")
        assert v["intro"]["Langkah berikutnya"].startswith("Perbaiki sel yang ditandai, lalu kirim ulang berkas ini")
        assert v["intro"]["Tanggal pemeriksaan"]
    assert a["intro"] == b["intro"]
    assert a["heights"] == b["heights"]


def test_fast_path_keeps_the_rest_of_the_workbook(tmp_path, book):
    fast = tmp_path / "fast.xlsx"
    assert annotate_zip(book, fast, FINDINGS)
    wb = load_workbook(fast)
    ind = wb["Indikator"]
    assert ind.auto_filter.ref == "A1:Q7"
    assert [str(dv.sqref) for dv in ind.data_validations.dataValidation] == ["I2:I7"]
    assert wb["Referensi"].sheet_state == "hidden"
    assert wb.defined_names["Polaritas"].attr_text == "Referensi!$A$1:$A$2"
    assert "Kolom" in ind.defined_names
    assert ind.freeze_panes == "A2"
    # untouched parts are byte-identical
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(fast) as zout:
        out_names = set(zout.namelist())
        for name in zin.namelist():
            assert name in out_names
            if name in ("xl/sharedStrings.xml", "docProps/core.xml", "xl/theme/theme1.xml"):
                assert zin.read(name) == zout.read(name)
        new = out_names - set(zin.namelist())
        assert any(n.startswith("xl/comments") for n in new)
        assert any(n.endswith(".vml") for n in new)
        ct = zout.read("[Content_Types].xml").decode()
        assert 'Extension="vml"' in ct and "comments+xml" in ct


def test_two_runs_give_identical_bytes(tmp_path, book):
    for fn in (annotate_zip, annotate_openpyxl):
        one, two = tmp_path / f"{fn.__name__}1.xlsx", tmp_path / f"{fn.__name__}2.xlsx"
        fn(book, one, FINDINGS)
        fn(book, two, FINDINGS)
        assert one.read_bytes() == two.read_bytes(), fn.__name__


def test_no_findings_sheet_says_so(tmp_path, book):
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    assert annotate_zip(book, fast, [])
    annotate_openpyxl(book, slow, [])
    a, b = visible(fast), visible(slow)
    assert a["listing"] == b["listing"]
    assert a["listing"][1][5] == NO_FINDINGS
    assert a["fills"] == b["fills"] == {} and a["comments"] == b["comments"] == {}
    assert a["active"] == b["active"] == FINDINGS_SHEET


def test_openpyxl_built_input(tmp_path):
    src = openpyxl_book(tmp_path / "in.xlsx")
    before = sha(src)
    findings = [F("Indikator", "D3", "LK305", rules.WARNING, "persen di atas 100"),
                F("Indikator", "F9", "LK306", rules.ERROR, "sel kosong wajib"),
                F("Data Pendukung", "B2", "LK401", rules.ERROR, "nilai")]
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    assert annotate_zip(src, fast, findings)
    annotate_openpyxl(src, slow, findings)
    assert sha(src) == before
    a, b = visible(fast), visible(slow)
    for key in ("fills", "comments", "cells", "listing", "sheetnames", "active", "selected"):
        assert a[key] == b[key], key
    assert a["cells"][("Indikator", "D3")] == (0.2, "0%")
    assert a["fills"][("Indikator", "F9")] == FILL["E"]


def test_input_with_comments_falls_back_to_openpyxl(tmp_path):
    src = openpyxl_book(tmp_path / "in.xlsx")
    wb = load_workbook(src)
    wb["Indikator"]["A1"].comment = Comment("catatan pengisi", "Siti")
    wb.save(src)
    findings = [F("Indikator", "C2", "LK304", rules.ERROR, "angka ambigu")]
    assert annotate_zip(src, tmp_path / "fast.xlsx", findings) is False
    assert not (tmp_path / "fast.xlsx").exists()
    out = tmp_path / "out.xlsx"
    annotate(src, out, findings)  # the dispatcher falls back
    v = visible(out)
    assert v["fills"] == {("Indikator", "C2"): FILL["E"]}
    assert v["comments"] == {("Indikator", "A1"): ("catatan pengisi", "Siti"),
                             ("Indikator", "C2"): ("LK304 (galat): angka ambigu", AUTHOR)}
    assert v["sheetnames"][0] == FINDINGS_SHEET and v["active"] == FINDINGS_SHEET
    # a sheet without findings may keep its own comments on the fast path
    assert annotate_zip(src, tmp_path / "fast2.xlsx", [F("Data Pendukung", "B2")]) is True
    assert visible(tmp_path / "fast2.xlsx")["comments"][("Indikator", "A1")] == ("catatan pengisi", "Siti")


def test_other_fallback_cases(tmp_path, book):
    dest = tmp_path / "x.xlsx"
    assert annotate_zip(book, dest, [F("Indikator", "k2")]) is False  # not a plain ref
    assert annotate_zip(tmp_path / "missing.xlsx", dest, FINDINGS) is False
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert annotate_zip(broken, dest, FINDINGS) is False
    assert not dest.exists()


def test_reannotating_an_annotated_copy(tmp_path, book):
    first = tmp_path / "first.xlsx"
    annotate(book, first, FINDINGS)
    assert visible(first)["comments"]
    fewer = [F("Indikator", "I3", "LK307", rules.WARNING, "polaritas tidak dikenal")]
    assert annotate_zip(first, tmp_path / "no.xlsx", fewer) is False  # already has the findings sheet
    second = tmp_path / "second.xlsx"
    annotate(first, second, fewer)
    v = visible(second)
    assert v["fills"] == {("Indikator", "I3"): FILL["W"]}
    assert v["comments"] == {("Indikator", "I3"): ("LK307 (peringatan): polaritas tidak dikenal", AUTHOR)}
    assert v["sheetnames"].count(FINDINGS_SHEET) == 1 and v["sheetnames"][0] == FINDINGS_SHEET
    assert len(v["listing"]) == 2
    assert v["cells"] == original_cells(book)
    assert v["active"] == FINDINGS_SHEET and v["selected"] == [FINDINGS_SHEET]


def test_dispatcher_uses_fast_path(tmp_path, book):
    out = tmp_path / "out.xlsx"
    annotate(book, out, FINDINGS)
    with zipfile.ZipFile(out) as z:
        assert any(n.endswith(".vml") and "vmlDrawing" in n for n in z.namelist())
        assert b"inlineStr" in z.read("xl/worksheets/sheet5.xml")
        assert b'<sheet name="Hasil Pemeriksaan"' in z.read("xl/workbook.xml").split(b"<sheets>")[1][:40]


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_opens_the_fast_copy(tmp_path, book):
    fast = tmp_path / "fast.xlsx"
    assert annotate_zip(book, fast, FINDINGS)
    outdir = tmp_path / "lo"
    outdir.mkdir()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(outdir), str(fast)],
        check=True, capture_output=True, timeout=180,
    )
    converted = outdir / "fast.xlsx"
    assert converted.is_file()
    v = visible(converted)
    assert FINDINGS_SHEET in v["sheetnames"]
    texts = {k: t for k, (t, _author) in v["comments"].items()}
    assert texts[("Indikator", "I3")] == "LK307 (peringatan): polaritas tidak dikenal"
    assert texts[("Indikator", "C40")] == "LK311 (galat): baris yang belum ada dengan kontrol"
    assert set(texts) == {k for k in visible(fast)["comments"]}
    assert v["listing"][4][:6] == (4, "LK304", "galat", "Indikator", "K2", FINDINGS[0].message)
    assert v["sheetnames"][0] == FINDINGS_SHEET
    assert v["intro"] == visible(fast)["intro"]
    # row heights survive LibreOffice: the long texts (legend, next step) keep their room
    ours = visible(fast)["heights"]
    assert sum(1 for h in ours if h and h > 20) >= 2
    assert all(lo and lo >= h - 0.5 for h, lo in zip(ours, v["heights"]) if h)


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_tree_path_and_splice_path_agree(tmp_path, book, monkeypatch):
    from lelang_xlsx.workbooks import annotate_cells

    spliced, tree = tmp_path / "spliced.xlsx", tmp_path / "tree.xlsx"
    assert annotate_zip(book, spliced, FINDINGS)
    monkeypatch.setattr(annotate_cells.SheetDoc, "_split", staticmethod(lambda data: None))
    assert annotate_zip(book, tree, FINDINGS)
    a, b = visible(spliced), visible(tree)
    for key in ("fills", "comments", "cells", "listing", "sheetnames", "active", "selected"):
        assert a[key] == b[key], key


def test_unusual_sheet_data_uses_the_tree_path():
    from lelang_xlsx.workbooks.annotate_cells import highlight_bytes

    class NoStyles:
        def highlighted(self, base, severity):
            raise AssertionError("planned before styling")

    cells = {"A1": [F("S", "A1")]}
    assert highlight_bytes(b'<row r="2"/><row r="1"/>', cells, NoStyles(), []) is None  # out of order
    assert highlight_bytes(b"<row><c/></row>", cells, NoStyles(), []) is None  # no r
    assert highlight_bytes(b'<row r="1"><!-- x --></row>', cells, NoStyles(), []) is None


def test_layout_styles_tables_images_and_tabs(tmp_path):
    import io

    src = tmp_path / "in.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    money = wb.add_format({"num_format": "#,##0.00"})
    pct = wb.add_format({"num_format": "0%"})
    ws = wb.add_worksheet("Data O'Brien")  # quote in the sheet name
    ws.set_column(3, 3, 12, money)  # column style
    ws.set_row(9, None, pct)  # row style
    ws.write_row(0, 0, ["Kode", "Nilai", "Satuan"])
    for i in range(1, 5):
        ws.write_row(i, 0, [f"IK-{i:02d}", i * 10, "orang"])
    ws.add_table(0, 0, 4, 2, {"name": "Tabel1", "header_row": True,
                              "columns": [{"header": "Kode"}, {"header": "Nilai"}, {"header": "Satuan"}]})
    ws.insert_image("F2", "p.png", {"image_data": io.BytesIO(_png())})
    wb.add_worksheet("Catatan").write("A1", "catatan")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "='Data O''Brien'!$B$2:$B$5"})
    cs = wb.add_chartsheet("Grafik")
    cs.set_chart(chart)
    cs.activate()  # the selected tab is a chartsheet
    wb.close()
    findings = [F("Data O'Brien", "D3", "LK301", rules.ERROR, "  spasi di depan\r\ndan baris baru"),
                F("Data O'Brien", "B10", "LK302", rules.WARNING, "baris bergaya"),
                F("Data O'Brien", "B2", "LK303", rules.ERROR, "sel tabel")]
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    assert annotate_zip(src, fast, findings)
    annotate_openpyxl(src, slow, findings)
    a, b = visible(fast), visible(slow)
    for key in ("fills", "comments", "listing", "sheetnames", "active", "selected"):
        assert a[key] == b[key], key
    assert a["listing"][1][-1] == "'Data O''Brien'!B2" and a["listing"][2][-1] == "'Data O''Brien'!D3"
    assert a["comments"][("Data O'Brien", "D3")][0] == "LK301 (galat):   spasi di depan\r\ndan baris baru"
    out = load_workbook(fast)
    # an empty cell keeps the column's / row's number format when highlighted
    assert out["Data O'Brien"]["D3"].number_format == "#,##0.00"
    assert out["Data O'Brien"]["B10"].number_format == "0%"
    assert out["Data O'Brien"].tables["Tabel1"].ref == "A1:C5"
    with zipfile.ZipFile(fast) as z:
        assert z.testzip() is None
        sheet = z.read("xl/worksheets/sheet1.xml")
        assert sheet.index(b"<drawing ") < sheet.index(b"<legacyDrawing ") < sheet.index(b"<tableParts")
        chartsheet = next(z.read(n) for n in z.namelist() if n.startswith("xl/chartsheets/sheet"))
        assert b"tabSelected" not in chartsheet
    # a chartsheet cannot carry cell findings: left to openpyxl (which skips it)
    assert annotate_zip(src, tmp_path / "x.xlsx", [F("Grafik", "A1")]) is False


def test_hidden_first_sheet_sets_first_sheet(tmp_path):
    src = openpyxl_book(tmp_path / "in.xlsx")
    wb = load_workbook(src)
    wb.active = 1
    wb["Indikator"].sheet_state = "hidden"
    wb.save(src)
    for fn in (annotate_zip, annotate_openpyxl):
        out = tmp_path / f"{fn.__name__}.xlsx"
        fn(src, out, [F("Data Pendukung", "B2")])
        res = load_workbook(out)
        assert res.active.title == FINDINGS_SHEET
        assert res.sheetnames[0] == FINDINGS_SHEET
        assert res.views[0].activeTab == 0 and not res.views[0].firstSheet, fn.__name__


def test_a_marked_cell_in_a_hidden_row_or_column_is_shown(tmp_path):
    """Nothing hidden: the copy shows again the hidden row/column of a marked cell, and
    leaves other hidden rows and columns alone."""
    src = tmp_path / "in.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("Indikator")
    for r in range(6):
        ws.write_row(r, 0, [f"r{r}c{c}" for c in range(6)])
    ws.set_row(2, None, None, {"hidden": True})  # row 3: has a finding
    ws.set_row(4, None, None, {"hidden": True})  # row 5: none
    ws.set_column(3, 3, None, None, {"hidden": True})  # D: has a finding
    ws.set_column(5, 5, None, None, {"hidden": True})  # F: none
    wb.close()
    findings = [F("Indikator", "B3", "LK301", rules.ERROR, "kosong"), F("Indikator", "D2", "LK302", rules.ERROR, "teks")]
    for fn in (annotate_zip, annotate_openpyxl):
        out = tmp_path / f"{fn.__name__}.xlsx"
        fn(src, out, findings)
        res = load_workbook(out)["Indikator"]
        assert not res.row_dimensions[3].hidden and res.row_dimensions[5].hidden, fn.__name__
        assert not res.column_dimensions["D"].hidden and res.column_dimensions["F"].hidden, fn.__name__


def test_reannotating_a_copy_saved_by_libreoffice(tmp_path, book):
    """LibreOffice drops the comments' author: comments in our format still count as ours
    (no stale comment in the next round); a fill in our colours without our comment stays."""
    first = tmp_path / "first.xlsx"
    annotate(book, first, FINDINGS)
    wb = load_workbook(first)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None:
                    c.comment = Comment(c.comment.text, " ")
    from openpyxl.styles import PatternFill

    wb["Identitas"]["A1"].fill = PatternFill("solid", fgColor=FILL["E"])  # e.g. the form's own legend
    wb.save(first)
    second = tmp_path / "second.xlsx"
    annotate(first, second, [F("Indikator", "I3", "LK307", rules.WARNING, "polaritas tidak dikenal")])
    v = visible(second)
    assert v["comments"] == {("Indikator", "I3"): ("LK307 (peringatan): polaritas tidak dikenal", AUTHOR)}
    assert v["fills"] == {("Indikator", "I3"): FILL["W"], ("Identitas", "A1"): FILL["E"]}


def test_date_of_the_check_is_passed_in_or_the_run_date(tmp_path, book, monkeypatch):
    import calendar
    import datetime as dt

    from lelang_xlsx.checking.feedback import Heading

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm((2018, 11, 5, 8, 0, 0))))
    for fn in (annotate_zip, annotate_openpyxl):
        one, two = tmp_path / f"{fn.__name__}1.xlsx", tmp_path / f"{fn.__name__}2.xlsx"
        fn(book, one, FINDINGS)
        fn(book, two, FINDINGS)
        assert one.read_bytes() == two.read_bytes()  # the run date does not make copies differ
        assert visible(one)["intro"]["Tanggal pemeriksaan"] == "5 November 2018"
        given = tmp_path / f"{fn.__name__}3.xlsx"
        fn(book, given, FINDINGS, Heading("DINKES – Dinas Kesehatan", "dinkes.xlsx", dt.date(2019, 1, 2)))
        intro = visible(given)["intro"]
        assert intro["Tanggal pemeriksaan"] == "2 Januari 2019"
        assert intro["OPD"] == "DINKES – Dinas Kesehatan" and intro["Berkas"] == "dinkes.xlsx"


def _with_tab_selected(src: Path, dest: Path, values: dict[int, str]) -> Path:
    """``src`` with tabSelected="<value>" written into the sheetView of the worksheets
    numbered in ``values`` (as LibreOffice writes "false" on every sheet but the active one)."""
    import re

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if m and int(m.group(1)) in values:
                data = re.sub(rb'<sheetView(?=[\s>])', b'<sheetView tabSelected="%s"' % values[int(m.group(1))].encode(),
                              re.sub(rb'\s+tabSelected="[^"]*"', b"", data), count=1)
            zout.writestr(info, data)
    return dest


def test_only_the_findings_sheet_is_selected_and_unselected_sheets_are_copied_as_they_are(tmp_path):
    """A form saved by LibreOffice says tabSelected="false" on its other sheets: those
    sheets go into the annotated copy byte for byte (not parsed and written again), a
    sheet that says it is selected loses the mark, and only the findings sheet is selected."""
    book = _with_tab_selected(xlsxwriter_book(tmp_path / "plain.xlsx"), tmp_path / "lo.xlsx", {1: "1", 2: "false", 3: "0"})
    out = tmp_path / "copy.xlsx"
    assert annotate_zip(book, out, [])
    with zipfile.ZipFile(book) as a, zipfile.ZipFile(out) as b:
        assert b.read("xl/worksheets/sheet2.xml") == a.read("xl/worksheets/sheet2.xml")
        assert b.read("xl/worksheets/sheet3.xml") == a.read("xl/worksheets/sheet3.xml")
        assert b'tabSelected="1"' not in b.read("xl/worksheets/sheet1.xml")
    wb = load_workbook(out)
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [FINDINGS_SHEET]
    assert wb.active.title == FINDINGS_SHEET
