"""The hostile corpus (tests/hostile.py) through every yearly round's `run`: each file its
finding, the round goes on (the clean forms get their document or count), no traceback,
user text kept literally and never a formula, inputs untouched. One test for the three
rounds; what differs per round is in HOSTILE."""

import json
import re
import shutil
import zipfile
from dataclasses import dataclass

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main

from . import hostile
from .eval_support import CLEAN
from .rounds_support import ROUNDS
from .support import tree_hashes

INJECT = ["=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"klik\")"]
LONG = "ꦢꦶꦤꦱ꧀ 😀 مرحبا &<>\"' " + "A" * 32000


@dataclass(frozen=True)
class Hostile:
    data_sheet: str  # the sheet the unreadable variants and the chart sheet take the name of
    foreign: dict  # file name -> (a form of another kind, the code it gets)
    inject: tuple  # (sheet, rows, headers of the OPD's text columns) the formula-like text goes into
    long_cell: tuple  # (sheet, cell) for the long multi-script text
    docs: str  # hasil/<docs>/ holds one document per OPD ('' when the round writes none)
    books: tuple  # the round's own workbooks under <round>/<year>/ (besides laporan and the copies)


REALISASI = CLEAN / "evaluasi/2019/masuk/DISDAG.xlsx"
AUCTION_FORM = CLEAN / "masuk/DISDIK.xlsx"
HOSTILE = {
    "eval": Hostile("Realisasi", {"formulir lelang.xlsx": (AUCTION_FORM, "LK707")},
                    ("Realisasi", range(2, 7), ("Sumber Data", "Bukti Dukung", "Penjelasan", "Upaya Perbaikan")), ("Identitas", "B9"), "rapor", ("hasil/evaluasi.xlsx",)),
    "pk": Hostile("Program dan Anggaran", {"formulir lelang.xlsx": (AUCTION_FORM, "LK802"),
                                           "realisasi.xlsx": (REALISASI, "LK802")},
                  ("Program dan Anggaran", range(2, 5), ("Program", "Kegiatan", "Keterangan")), ("Sasaran dan Target", "J2"), "pk",
                  ("hasil/perjanjian-kinerja-2019.xlsx", "status-pk.xlsx")),
    "pantau": Hostile("Realisasi Triwulan", {"formulir lelang.xlsx": (AUCTION_FORM, "LK902"),
                                             "realisasi.xlsx": (REALISASI, "LK902")},
                      ("Realisasi Triwulan", range(2, 5), ("Bukti TW I", "Penjelasan TW I")), ("Rencana Aksi", "L2"), "",
                      ("hasil/pemantauan.xlsx",)),
}


def _corpus(rc, h: Hostile, root, tmp_path) -> dict:
    m = rc.masuk(root)
    for p in m.iterdir():
        p.unlink()
    valid = rc.sample / "DINKES.xlsx"
    exp = {}
    shutil.copy(valid, m / "DINKES baik.xlsx")
    exp["DINKES baik.xlsx"] = set()
    exp.update(hostile.unreadable(valid, m, h.data_sheet))
    hostile.chart_sheet_named(rc.sample / "DPUPR.xlsx", m / "grafik.xlsx", h.data_sheet)
    exp["grafik.xlsx"] = {"LK102"}
    for name, (src, code) in h.foreign.items():
        shutil.copy(src, m / name)
        exp[name] = {code}
    wb = openpyxl.load_workbook(rc.sample / "DISDAG.xlsx")
    it = iter(INJECT * 10)
    sheet, rows, headers = h.inject
    heads = [str(c.value or "").rstrip(" *") for c in wb[sheet][1]]
    letters = [openpyxl.utils.get_column_letter(heads.index(x) + 1) for x in headers]
    for r in rows:
        for col in letters:
            wb[sheet][f"{col}{r}"] = next(it) + f" {col}{r}"
            wb[sheet][f"{col}{r}"].data_type = "s"
    wb[h.long_cell[0]][h.long_cell[1]] = LONG
    wb.save(m / "injeksi.xlsx")
    exp["injeksi.xlsx"] = set()
    exp.update(hostile.ignored_and_linked(valid, m, tmp_path))
    return exp


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_hostile_corpus_through_the_round(tmp_path, name):
    rc, h = ROUNDS[name], HOSTILE[name]
    root = rc.auction(tmp_path)
    expected = _corpus(rc, h, root, tmp_path)
    before = tree_hashes(rc.masuk(root))
    res = CliRunner().invoke(main, rc.args("run", root))
    assert "Traceback" not in res.output and "Galat internal" not in res.output
    assert res.exit_code == 1, res.output
    res = CliRunner().invoke(main, rc.args("check", root, "--format", "json"))
    hostile.assert_findings(json.loads(res.output), expected)
    assert tree_hashes(rc.masuk(root)) == before
    hasil = rc.hasil(root)
    if h.docs:  # the two clean OPDs got their document, the programme/realisation text kept literally
        assert {p.name.split("_")[0] for p in (hasil / h.docs).glob("*.docx")} == {"DINKES", "DISDAG"}
        with zipfile.ZipFile(next((hasil / h.docs).glob("DISDAG_*.docx"))) as z:
            assert "=cmd|" in z.read("word/document.xml").decode()
    else:  # the two clean OPDs count
        data = json.loads((hasil / "pemantauan.json").read_text(encoding="utf-8"))
        assert {o["kode"] for o in data["opd"] if o["status"] == "dilaporkan"} == {"DINKES", "DISDAG"}
    own = [root / rc.folder / str(rc.year) / b for b in h.books]
    for book in [*own, hasil / "laporan.xlsx", *(hasil / "umpan-balik").glob("*.xlsx")]:
        with zipfile.ZipFile(book) as z:  # no user text became a formula in any workbook written
            for part in z.namelist():
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    xml = z.read(part).decode("utf-8", "replace")
                    assert not re.search(r"<f[ >][^<]*(cmd|SUM|HYPERLINK)", xml), (book.name, part)
