"""Every sheet of every workbook the processor writes prints one page wide.

Read from the sheet XML: ``<pageSetUpPr fitToPage="1"/>`` and ``<pageSetup>`` with
``fitToWidth`` 1 (the schema's default when absent) and ``fitToHeight`` 0 (as many pages
tall as needed). Hidden sheets (the forms' dropdown lists) are not printed."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lelang_xlsx.auction import Auction
from lelang_xlsx.batch import run_batch
from lelang_xlsx.workbooks.panel_example import write_panel_example
from lelang_xlsx.pipeline import write_templates

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "malang-2018"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("print") / "lelang"
    shutil.copytree(SAMPLE, root)
    auction = Auction.at(root)
    run_batch(auction, use_cache=False)
    forms = write_templates(auction)
    panel = root.parent / "panel-contoh.xlsx"
    write_panel_example(panel)
    out = {"panel (lelang init)": panel, "formulir": forms[0], "penawaran": auction.penawaran,
           "laporan": auction.laporan, "rekap": auction.rekap}
    register = auction.hasil / "kesepakatan.xlsx"
    if register.is_file():  # written once a pact is issued
        out["kesepakatan"] = register
    return out


def print_titles(path: Path) -> dict[int, str]:
    """Sheet index -> its repeated rows/columns (the _xlnm.Print_Titles defined name)."""
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
    return {int(d.get("localSheetId")): d.text for d in book.iter(f"{MAIN}definedName")
            if d.get("name") == "_xlnm.Print_Titles"}


def visible_sheets(path: Path) -> list[tuple[int, str, etree._Element]]:
    """(sheet index, sheet name, worksheet XML) of every visible worksheet."""
    with zipfile.ZipFile(path) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        out = []
        for index, sheet in enumerate(book.iter(f"{MAIN}sheet")):
            if sheet.get("state") in ("hidden", "veryHidden"):
                continue
            part = target[sheet.get(f"{REL}id")].lstrip("/")
            part = part if part.startswith("xl/") else f"xl/{part}"
            if "worksheets/" not in part:
                continue  # a chartsheet always prints on one page
            out.append((index, sheet.get("name"), etree.fromstring(z.read(part))))
        return out


@pytest.mark.parametrize("name", ["panel (lelang init)", "formulir", "penawaran", "laporan", "rekap", "kesepakatan"])
def test_every_sheet_prints_one_page_wide(written, name):
    if name not in written:
        pytest.skip(f"{name} not written by this run")
    sheets = visible_sheets(written[name])
    assert sheets
    titles = print_titles(written[name])
    for index, sheet, xml in sheets:
        fit = xml.find(f"{MAIN}sheetPr/{MAIN}pageSetUpPr")
        setup = xml.find(f"{MAIN}pageSetup")
        assert fit is not None and fit.get("fitToPage") == "1", f"{name}:{sheet} has no fit-to-page"
        wide = setup.get("fitToWidth", "1") if setup is not None else None
        if (name, sheet, wide) == ("formulir", "Indikator", "2"):
            # the form's owner chose two A4 pages wide for its 17+ columns (one page would
            # print at ~5 pt), with No and Kode Indikator repeated on the second page
            assert re.search(r"\$A:\$[A-Z]", titles.get(index, "")), "form Indikator: key columns not repeated"
        else:
            assert wide == "1", f"{name}:{sheet} not one page wide"
        assert setup.get("fitToHeight") == "0", f"{name}:{sheet} squeezed to a fixed number of pages"


def test_table_sheets_landscape_with_header_on_every_page(written):
    """The secretariat's and the panel's tables: landscape, the header row repeated."""
    for name in ("laporan", "rekap", "penawaran"):
        titles = print_titles(written[name])
        for index, sheet, xml in visible_sheets(written[name]):
            if sheet == "Grafik":
                continue  # charts, one per page: no header row
            assert xml.find(f"{MAIN}pageSetup").get("orientation") == "landscape", f"{name}:{sheet}"
            if sheet != "Petunjuk":  # the instructions have no table header
                assert titles.get(index, "").endswith("!$1:$1"), f"{name}:{sheet} does not repeat its header row"
