"""Issue 22 items 6 and 8: the projector view and the session deck, for an OPD with a long
name and a long yearly path (the field test's DP3AP2KB and 47.000 · 49.000 · ... · 55.000)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pptx import Presentation

from lelang_xlsx.cli import main
from lelang_xlsx.output.xlsxstyle import DECISION_COLORS, line_height, wrapped_lines
from lelang_xlsx.recap.session import FONT_SIZE, SHEET_SESI

from .test_paparan import assert_layout, slide_texts

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
LONG = "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak"
PATH = "47.000 · 49.000 · 51.000 · 53.000 · 55.000"


def _long_name_and_path(root: Path) -> None:
    """DISDIK renamed to a long name; its first indicator counted in thousands of people."""
    wb = load_workbook(root / "panel.xlsx")
    for row in wb["OPD"].iter_rows(min_row=2):
        if row[0].value == "DISDIK":
            row[1].value = LONG
    wb.save(root / "panel.xlsx")
    wb = load_workbook(root / "masuk" / "DISDIK.xlsx")
    for row in wb["Identitas"].iter_rows():
        if str(row[0].value or "").startswith("Nama OPD"):
            row[1].value = LONG
    ws = wb["Indikator"]
    col = {str(h).rstrip(" *"): i + 1 for i, h in enumerate(c.value for c in ws[1]) if h}
    ws.cell(2, col["Satuan"]).value = "orang"
    ws.cell(2, col["Nilai Dasar"]).value = 45000
    for k, year in enumerate(range(2019, 2024)):
        ws.cell(2, col[f"Target {year}"]).value = 47000 + 2000 * k
    wb.save(root / "masuk" / "DISDIK.xlsx")
    wb = load_workbook(root / "penawaran.xlsx")
    ws = wb["Penawaran"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[2].value == "DISDIK-01":
            row[head.index("Tawaran Target Akhir")].value = 56000
    wb.save(root / "penawaran.xlsx")


@pytest.fixture(scope="module")
def auction(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("field") / "lelang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    _long_name_and_path(root)
    res = CliRunner().invoke(main, ["run", str(root), "--paparan"])
    assert res.exit_code == 0, res.output
    return root


def test_long_yearly_path_wraps_on_screen_and_in_print(auction):
    ws = load_workbook(auction / "hasil" / "rekap.xlsx")[SHEET_SESI]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == PATH)
    width = ws.column_dimensions[cell.column_letter].width
    assert cell.alignment.wrap_text, "a path wider than its column must wrap, not be cut on the left"
    lines = wrapped_lines(PATH, width / (FONT_SIZE / 11))
    assert lines >= 2  # wider than the column at 16 pt: it wraps ...
    assert ws.row_dimensions[cell.row].height >= line_height(lines, FONT_SIZE) - 0.5  # ... and the row shows it all


def _disdik_slide(prs):
    return next(s for s in prs.slides if any(t.startswith("1. Dinas Pengendalian") for t in slide_texts(s)))


def test_session_deck_keeps_the_code_uses_the_slide_and_colours_decisions(auction):
    prs = Presentation(str(auction / "hasil" / "paparan" / "sesi.pptx"))
    slide = _disdik_slide(prs)
    title = next(t for t in slide_texts(slide) if t.startswith("1. "))
    assert title.endswith("… (DISDIK)"), title  # the name gives way, the code stays
    table = next(s.table for s in slide.shapes if s.has_table)
    head = [c.text for c in table.rows[0].cells]
    decision = head.index("Keputusan")
    sizes = {r.font.size.pt for row in table.rows for c in row.cells for p in c.text_frame.paragraphs for r in p.runs}
    assert min(sizes) >= 14  # was 10-11 pt with half the slide empty
    seen = {}
    for row in list(table.rows)[1:]:
        cell = row.cells[decision]
        run = cell.text_frame.paragraphs[0].runs[0]
        seen[cell.text] = (str(cell.fill.fore_color.rgb), str(run.font.color.rgb), run.font.bold)
    for label in ("Sanggup", "Tidak Sanggup", "Tanpa tawaran"):
        fill, font = DECISION_COLORS[label]
        assert seen[label] == (fill.lstrip("#").upper(), font.lstrip("#").upper(), True), label
    assert_layout(prs)
