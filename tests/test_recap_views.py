"""The recap as the panel sees it: the session sheet on the projector and the charts.

Formats are read back with openpyxl; the charts from their XML in the xlsx zip."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from lxml import etree

from . import offer_fixtures as F
from .test_recap import typed_offers
from lelang_xlsx.recap import SHEET_SESI, build_recap, write_recap
from lelang_xlsx.output.xlsxchart import count_step, short_label

NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}


@pytest.fixture(scope="module")
def rekap(tmp_path_factory):
    """DINKES: IK-01 Sanggup (80 by 2021), IK-02 Tidak Sanggup (offer 97), IK-03 offer 10,5
    undecided, IK-04 no offer; DISDIK valid without offers; DISHUB has errors; DPUPR did
    not submit."""
    tmp = tmp_path_factory.mktemp("rekap")
    panel = F.panel()
    ss = [F.dinkes(), F.disdik(), F.dishub_with_errors()]
    res = typed_offers(tmp, panel, ss)
    path = tmp / "rekap.xlsx"
    write_recap(path, build_recap(panel, ss, res), panel)
    return path


SESSION_HEADERS = ["Indikator", "Satuan", "Polaritas", "Nilai Dasar (Tahun)", "Usulan 2019–2023", "Usulan Akhir",
                   "Tawaran", "Keputusan", "Disepakati"]
FILLS = {"Sanggup": "C6EFCE", "Tidak Sanggup": "FFE699", "Belum diputuskan": "FFC7CE", "Tanpa tawaran": "E7E6E6"}


def test_session_sheet_first_with_the_panels_columns(rekap):
    wb = openpyxl.load_workbook(rekap)
    assert wb.sheetnames[0] == SHEET_SESI and wb.active.title == SHEET_SESI
    ws = wb[SHEET_SESI]
    assert [c.value for c in ws[1]] == SESSION_HEADERS
    assert ws.freeze_panes == "B2"  # header row and indicator column stay on screen
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    titles = [r[0] for r in rows if r[0] and " — " in r[0]]
    assert titles == [  # one block per OPD, in the panel list's order
        "DINKES — Dinas Kesehatan · 4 indikator · 3 tawaran · 1 belum diputuskan",
        "DISDIK — Dinas Pendidikan · 2 indikator · 0 tawaran",
        "DISHUB — Dinas Perhubungan · formulir masih memiliki galat: belum dapat dibahas",
        "DPUPR — Dinas Pekerjaan Umum dan Penataan Ruang · belum mengirim formulir",
    ]
    assert "A2:I2" in {str(m) for m in ws.merged_cells.ranges}
    assert rows[1] == ["IK-01 · Angka Kematian Ibu", "per 100.000 KH", "Turun", "120 (2017)",
                       "115 · 110 · 100 · 95 · 90", "90 (2023)", "80 (2021)", "Sanggup", "80 (2021)"]
    assert rows[2][6:] == ["97 (2023)", "Tidak Sanggup", "95 (2023)"]  # refused: the proposal stands
    assert rows[3][6:] == ["10,5 (2023)", "Belum diputuskan", "–"]
    assert rows[4][6:] == ["–", "Tanpa tawaran", "0 (2023)"]
    assert rows[6][0] == "P-01 · Angka Partisipasi Murni SMP" and rows[6][4] == "91 · 92 · 93 · 94 · 96,5"


def test_session_sheet_large_type_zoom_and_decision_colours(rekap):
    wb = openpyxl.load_workbook(rekap)
    ws = wb[SHEET_SESI]
    sizes = {c.font.sz for row in ws.iter_rows(min_row=1, max_row=ws.max_row) for c in row if c.value}
    assert min(sizes) >= 16
    decisions = {}
    for row in ws.iter_rows(min_row=2, min_col=8, max_col=8):
        cell = row[0]
        if cell.value in FILLS:
            decisions[cell.value] = cell.fill.fgColor.rgb[-6:]
    assert decisions == FILLS
    widths = [ws.column_dimensions[chr(65 + c)].width for c in range(9)]
    zoom = ws.sheet_view.zoomScale
    assert zoom > 100 and zoom % 5 == 0
    # the largest zoom (in 5 % steps) at which the nine columns fit a 1920-pixel screen
    # (7 px per width unit at 100 %; about 1780 px of it show cells)
    shown = sum(w * 7 + 5 for w in widths)
    assert shown * zoom / 100 <= 1800 < shown * (zoom + 5) / 100


def _chart_xml(path) -> list[etree._Element]:
    z = zipfile.ZipFile(path)
    names = sorted((n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)),
                   key=lambda n: int(re.findall(r"\d+", n)[0]))
    return [etree.fromstring(z.read(n)) for n in names]


def _title(chart) -> str:
    return "".join(chart.xpath("c:chart/c:title//a:t/text()", namespaces=NS))


def _series(chart) -> list[tuple[str, str, str]]:
    """(name ref, categories ref, values ref) of each series."""
    out = []
    for ser in chart.xpath(".//c:ser", namespaces=NS):
        out.append((ser.findtext("c:tx/c:strRef/c:f", namespaces=NS),
                    ser.findtext("c:cat//c:f", namespaces=NS), ser.findtext("c:val//c:f", namespaces=NS)))
    return out


def _cell(wb, ref: str):
    sheet, cell = ref.rsplit("!", 1)
    return wb[sheet.strip("'")][cell.replace("$", "")].value


def _range(wb, ref: str) -> list:
    sheet, cells = ref.rsplit("!", 1)
    return [c.value for row in wb[sheet.strip("'")][cells.replace("$", "")] for c in row]


def test_charts_say_what_they_show_and_count_in_whole_numbers(rekap):
    wb = openpyxl.load_workbook(rekap)
    share, decisions, missions = _chart_xml(rekap)

    # 1. share of indicators improved, not an average of unrelated percentages
    assert share.xpath("boolean(.//c:barChart/c:barDir[@val='bar'])", namespaces=NS)
    assert "Persentase indikator" in _title(share) and "lebih baik dari nilai dasar" in _title(share)
    ((name, cats, vals),) = _series(share)
    assert _cell(wb, name) == "Indikator Membaik (%)"
    assert _range(wb, cats) == ["Dinas Kesehatan", "Dinas Pendidikan", "Dinas Perhubungan",
                                "Dinas Pekerjaan Umum dan Penataan Ruang"]
    assert _range(wb, vals)[:2] == [50, 100]
    assert share.xpath("string(.//c:valAx/c:scaling/c:max/@val)", namespaces=NS) == "100"

    # 2. decisions: stacked counts with a "Tanpa tawaran" series, every OPD of the list
    assert decisions.xpath("string(.//c:barChart/c:grouping/@val)", namespaces=NS) == "stacked"
    series = _series(decisions)
    assert [_cell(wb, n) for n, _, _ in series] == ["Sanggup", "Tidak Sanggup", "Belum diputuskan", "Tanpa tawaran"]
    assert all(_range(wb, c)[-1] == "Dinas Pekerjaan Umum dan Penataan Ruang" for _, c, _ in series)
    assert [_range(wb, v)[:2] for _, _, v in series] == [[1, 0], [1, 0], [1, 0], [1, 2]]  # DISDIK: 2 without offer
    assert "jumlah indikator" in _title(decisions)
    (val_ax,) = decisions.xpath(".//c:valAx", namespaces=NS)
    assert val_ax.find("c:majorUnit", NS).get("val") == "1"  # whole numbers: no 0,5 ticks
    assert val_ax.find("c:numFmt", NS).get("formatCode") == "0"
    assert val_ax.find("c:scaling/c:min", NS).get("val") == "0"

    # 3. missions labelled by their text, not M1–M4
    ((name, cats, vals),) = _series(missions)
    labels = _range(wb, cats)
    assert labels[0] == short_label(F.panel().missions["M1"]) and not any(re.fullmatch(r"M\d", x) for x in labels)
    assert _range(wb, vals) == [4, 1, 0, 1]  # DISHUB (errors) not counted
    (val_ax,) = missions.xpath(".//c:valAx", namespaces=NS)
    assert val_ax.find("c:majorUnit", NS).get("val") == "1"


def test_each_chart_on_its_own_printed_page(rekap):
    """Charts start on a page's first row and end before the next page (manual breaks at
    the same rows); the sheet prints one page wide at 100 %, so that is where pages break."""
    z = zipfile.ZipFile(rekap)
    wb = openpyxl.load_workbook(rekap)
    grafik = wb["Grafik"]
    index = wb.sheetnames.index("Grafik") + 1
    sheet_xml = etree.fromstring(z.read(f"xl/worksheets/sheet{index}.xml"))
    main = {"m": sheet_xml.nsmap[None]}
    breaks = [int(b.get("id")) for b in sheet_xml.xpath("m:rowBreaks/m:brk", namespaces=main)]
    page = 33  # rows of 15,75 pt on A4 landscape within 0,5" margins: 523 pt // 15,75
    assert breaks == [page, 2 * page]
    assert grafik.page_setup.orientation == "landscape" and grafik.sheet_properties.pageSetUpPr.fitToPage
    drawing = next(n for n in z.namelist() if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
    anchors = etree.fromstring(z.read(drawing)).xpath("xdr:twoCellAnchor", namespaces=NS)
    spans = [(int(a.findtext("xdr:from/xdr:row", namespaces=NS)), int(a.findtext("xdr:to/xdr:row", namespaces=NS)))
             for a in anchors]
    assert [s for s, _ in spans] == [0, page, 2 * page]
    assert all(end < start + page for start, end in spans)
    # explicit row heights (LibreOffice ignores the file's default height)
    assert all(grafik.row_dimensions[r].height == 15.75 for r in range(1, 3 * page + 1))


def test_count_step_and_short_label():
    assert [count_step(n) for n in (0, 4, 10, 11, 25, 60, 140)] == [1, 1, 1, 2, 5, 10, 20]
    assert short_label("Mewujudkan kota produktif dan berdaya saing berbasis ekonomi kreatif.", 40) == \
        "Mewujudkan kota produktif dan berdaya…"
    assert short_label("Kota sehat.") == "Kota sehat"
