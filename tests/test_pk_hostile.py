"""The hostile corpus (tests/hostile.py) through `lelang pk run`: each file its finding,
the round goes on (the clean forms get their PK), no traceback, user text kept literally
and never a formula, inputs untouched."""

import json
import re
import shutil
import zipfile

import openpyxl
from click.testing import CliRunner

from lelang_xlsx.cli import main

from . import hostile
from .eval_support import CLEAN
from .pk_support import YEAR, masuk, pk_auction
from .support import tree_hashes

INJECT = ["=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"klik\")"]
SRC = CLEAN / "pk/2019/masuk"


def _corpus(root, tmp_path):
    m = masuk(root)
    valid = SRC / "DINKES.xlsx"
    exp = {}
    shutil.copy(valid, m / "DINKES baik.xlsx")
    exp["DINKES baik.xlsx"] = set()
    exp.update(hostile.unreadable(valid, m, "Program dan Anggaran"))
    hostile.chart_sheet_named(SRC / "DPUPR.xlsx", m / "grafik.xlsx", "Program dan Anggaran")
    exp["grafik.xlsx"] = {"LK102"}
    shutil.copy(CLEAN / "masuk/DISDIK.xlsx", m / "formulir lelang.xlsx")  # an auction form in the PK round
    exp["formulir lelang.xlsx"] = {"LK802"}
    shutil.copy(CLEAN / "evaluasi/2019/masuk/DISDAG.xlsx", m / "realisasi.xlsx")  # a realisation form
    exp["realisasi.xlsx"] = {"LK802"}
    wb = openpyxl.load_workbook(SRC / "DISDAG.xlsx")
    it = iter(INJECT * 10)
    ws = wb["Program dan Anggaran"]
    for r in range(2, 5):
        for col in "BCG":  # Program, Kegiatan, Keterangan
            ws[f"{col}{r}"] = next(it) + f" {col}{r}"
            ws[f"{col}{r}"].data_type = "s"
    wb["Sasaran dan Target"]["J2"] = "ꦢꦶꦤꦱ꧀ 😀 مرحبا &<>\"' " + "A" * 32000
    wb.save(m / "injeksi.xlsx")
    exp["injeksi.xlsx"] = set()
    exp.update(hostile.ignored_and_linked(valid, m, tmp_path))
    return exp


def test_hostile_corpus_through_pk_run(tmp_path):
    root = pk_auction(tmp_path, with_samples=False)
    expected = _corpus(root, tmp_path)
    before = tree_hashes(masuk(root))
    res = CliRunner().invoke(main, ["pk", "run", str(root), "--year", str(YEAR)])
    assert "Traceback" not in res.output
    assert res.exit_code == 1
    res = CliRunner().invoke(main, ["pk", "check", str(root), "--year", str(YEAR), "--format", "json"])
    hostile.assert_findings(json.loads(res.output), expected)
    assert tree_hashes(masuk(root)) == before
    hasil = root / "pk/2019/hasil"
    docs = {p.name.split("_")[0] for p in (hasil / "pk").glob("*.docx")}
    assert docs == {"DINKES", "DISDAG"}
    with zipfile.ZipFile(next((hasil / "pk").glob("DISDAG_*.docx"))) as z:
        xml = z.read("word/document.xml").decode()
        assert "=cmd|" in xml and "ꦢꦶꦤꦱ꧀" not in xml  # programmes printed literally; the PJ is not printed
    for book in [hasil / "perjanjian-kinerja-2019.xlsx", hasil / "laporan.xlsx", root / "pk/2019/status-pk.xlsx",
                 *(hasil / "umpan-balik").glob("*.xlsx")]:
        with zipfile.ZipFile(book) as z:
            for part in z.namelist():
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    text = z.read(part).decode("utf-8", "replace")
                    assert not re.search(r"<f[ >][^<]*(cmd|SUM|HYPERLINK)", text), (book.name, part)
