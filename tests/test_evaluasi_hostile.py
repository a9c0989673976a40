"""The hostile corpus (tests/hostile.py) through `lelang eval run`: each file its finding,
the batch goes on, no traceback, no user text becomes a formula, inputs untouched."""

import json
import re
import shutil
import zipfile

import openpyxl
from click.testing import CliRunner

from lelang_xlsx.cli import main

from . import hostile
from .eval_support import CLEAN, YEAR, eval_auction, masuk
from .support import tree_hashes

INJECT = ["=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"klik\")"]


def _corpus(root, tmp_path):
    m = masuk(root)
    src = CLEAN / "evaluasi/2019/masuk"
    valid = src / "DINKES.xlsx"
    exp = {}

    shutil.copy(valid, m / "DINKES baik.xlsx")
    exp["DINKES baik.xlsx"] = set()
    exp.update(hostile.unreadable(valid, m, "Realisasi"))
    hostile.chart_sheet_named(src / "DPUPR.xlsx", m / "grafik.xlsx", "Realisasi")
    exp["grafik.xlsx"] = {"LK102"}
    # an auction workbook dropped into the evaluation round
    shutil.copy(CLEAN / "masuk/DISDIK.xlsx", m / "formulir lelang.xlsx")
    exp["formulir lelang.xlsx"] = {"LK707"}

    wb = openpyxl.load_workbook(src / "DISDAG.xlsx")
    it = iter(INJECT * 10)
    ws = wb["Realisasi"]
    heads = [c.value for c in ws[1]]
    letters = [openpyxl.utils.get_column_letter(heads.index(h) + 1)
               for h in ("Sumber Data", "Bukti Dukung", "Penjelasan", "Upaya Perbaikan")]
    for r in range(2, 7):
        for col in letters:
            ws[f"{col}{r}"] = next(it) + f" {col}{r}"
            ws[f"{col}{r}"].data_type = "s"
    wb["Identitas"]["B9"] = "ꦢꦶꦤꦱ꧀ 😀 مرحبا &<>\"' " + "A" * 32000
    wb.save(m / "injeksi.xlsx")
    exp["injeksi.xlsx"] = set()
    exp.update(hostile.ignored_and_linked(valid, m, tmp_path))
    return exp


def test_hostile_corpus_through_eval_run(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    expected = _corpus(root, tmp_path)
    before = tree_hashes(masuk(root))
    res = CliRunner().invoke(main, ["eval", "run", str(root), "--year", str(YEAR)])
    assert "Traceback" not in res.output
    assert res.exit_code == 1
    res = CliRunner().invoke(main, ["eval", "check", str(root), "--year", str(YEAR), "--format", "json"])
    hostile.assert_findings(json.loads(res.output), expected)
    assert tree_hashes(masuk(root)) == before
    hasil = root / "evaluasi/2019/hasil"
    # the two clean OPDs were evaluated and got their report card, text kept literally
    cards = {p.name.split("_")[0] for p in (hasil / "rapor").glob("*.docx")}
    assert cards == {"DINKES", "DISDAG"}
    with zipfile.ZipFile(next((hasil / "rapor").glob("DISDAG_*.docx"))) as z:
        assert "=cmd|" in z.read("word/document.xml").decode()
    # no user text became a formula in any workbook written
    for book in [hasil / "evaluasi.xlsx", hasil / "laporan.xlsx", *(hasil / "umpan-balik").glob("*.xlsx")]:
        with zipfile.ZipFile(book) as z:
            for part in z.namelist():
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    xml = z.read(part).decode("utf-8", "replace")
                    assert not re.search(r"<f[ >][^<]*(cmd|SUM|HYPERLINK)", xml), (book.name, part)
