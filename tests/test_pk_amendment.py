"""An amendment of the agreement from 2020 (version 2 in the register, issue 18): the 2020
PK shows the new targets, the 2019 PK stays byte-identical; an issued 2020 PK built on the
earlier version is held until a new form and Terbitkan Perubahan = Ya."""

import json
import shutil

import docx
import openpyxl
from click.testing import CliRunner

from lelang_xlsx.agreement.register import seal
from lelang_xlsx.cli import main
from lelang_xlsx.reading.files import sha256_file

from .pk_support import masuk, pk_auction

NEW_2020 = 47.5  # DINKES-01 (Angka Kematian Ibu) target 2020 after the amendment


def run(root, year, *extra):
    res = CliRunner().invoke(main, ["pk", *extra, str(root), "--year", str(year)])
    assert "Traceback" not in res.output
    return res


def amend(root) -> None:
    """Perubahan ke-1 of DINKES from 2020 in the register, as the agreement round records it."""
    path = root / "hasil/kesepakatan.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    rec = doc["opd"]["DINKES"]
    v1 = rec["versi"][-1]
    pact = root / v1["pakta"]["berkas"]
    copy = pact.with_name(pact.stem + "_perubahan-1.docx")
    shutil.copy(pact, copy)
    inds = json.loads(json.dumps(v1["indikator"]))
    inds[0]["target"]["2020"] = NEW_2020
    v2 = dict(v1, versi=2, berlaku_mulai=2020, alasan="Perubahan anggaran", indikator=inds,
              pakta={"berkas": copy.relative_to(root).as_posix(), "sha256": sha256_file(copy)})
    doc["opd"]["DINKES"] = seal(dict(rec, versi=[v1, seal(v2)]))
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def fill_2020(root) -> None:
    """The 2020 forms, filled like the 2019 samples (programmes copied over)."""
    m = masuk(root, 2020)
    for form in sorted((root / "pk/2020/formulir").glob("*.xlsx")):
        src = openpyxl.load_workbook(masuk(root) / form.name)
        wb = openpyxl.load_workbook(form)
        for sheet, cols in (("Program dan Anggaran", "ABCDEFG"), ("Sasaran dan Target", "J")):
            for r in range(2, src[sheet].max_row + 1):
                for col in cols:
                    wb[sheet][f"{col}{r}"] = src[sheet][f"{col}{r}"].value
        for r in (8, 9):
            wb["Identitas"][f"B{r}"] = src["Identitas"][f"B{r}"].value
        wb.save(m / form.name)


def target_cells(path):
    d = docx.Document(path)
    t = next(t for t in d.tables if len(t.columns) == 5 and t.rows[0].cells[-1].text.startswith("Target"))
    return [r.cells[4].text for r in t.rows[1:]]


def test_amendment_from_2020(tmp_path):
    root = pk_auction(tmp_path)
    assert run(root, 2019, "run").exit_code == 0
    assert run(root, 2020, "template").exit_code == 0
    fill_2020(root)
    assert run(root, 2020, "run").exit_code == 0
    pk2019 = next((root / "pk/2019/hasil/pk").glob("DINKES_*.docx"))
    pk2020 = next((root / "pk/2020/hasil/pk").glob("DINKES_*.docx"))
    before_2019, before_2020 = sha256_file(pk2019), sha256_file(pk2020)
    assert target_cells(pk2020)[0] != "47,5"

    amend(root)
    assert run(root, 2019, "run").exit_code == 0
    assert sha256_file(pk2019) == before_2019  # 2019 is governed by version 1: untouched
    res = run(root, 2020, "run")  # the 2020 form holds the old target: LK801, the issued PK is held
    assert res.exit_code == 1 and "LK801" in res.output
    assert sha256_file(pk2020) == before_2020
    data = json.loads((root / "pk/2020/hasil/pk.json").read_text(encoding="utf-8"))
    assert data["opd"]["DINKES"]["status"] == "ditahan" and "kesepakatan" in data["opd"]["DINKES"]["keterangan"]

    # a new form from the version in force, Terbitkan Perubahan = Ya with its date: a PK Perubahan 2020
    res = CliRunner().invoke(main, ["pk", "template", str(root), "--year", "2020", "--opd", "DINKES"])
    assert res.exit_code == 0
    fill_one = root / "pk/2020/formulir/DINKES.xlsx"
    src = openpyxl.load_workbook(masuk(root, 2020) / "DINKES.xlsx")
    wb = openpyxl.load_workbook(fill_one)
    assert wb["Sasaran dan Target"]["I2"].value == NEW_2020
    for r in range(2, src["Program dan Anggaran"].max_row + 1):
        for col in "ABCDEFG":
            wb["Program dan Anggaran"][f"{col}{r}"] = src["Program dan Anggaran"][f"{col}{r}"].value
    for r in range(2, 7):
        wb["Sasaran dan Target"][f"J{r}"] = src["Sasaran dan Target"][f"J{r}"].value
    wb.save(masuk(root, 2020) / "DINKES.xlsx")
    status = root / "pk/2020/status-pk.xlsx"
    book = openpyxl.load_workbook(status)
    ws = book["Status PK"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "DINKES")
    ws.cell(row, 8).value = "2020-06-30"
    ws.cell(row, 10).value = "Ya"
    book.save(status)
    assert run(root, 2020, "run").exit_code == 0
    assert target_cells(pk2020)[0] == "47,5"
    text = "\n".join(p.text for p in docx.Document(pk2020).paragraphs)
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2020" in text and "Perubahan ke-1" in text
    assert sha256_file(pk2019) == before_2019
