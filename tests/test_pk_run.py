"""`lelang pk run` on the Malang sample: nine PKs whose target tables equal the register's
column of the year and whose budget tables equal the forms, with their totals (read from
the .docx); status-pk.xlsx, perjanjian-kinerja-2019.xlsx and pk.json; an unchanged re-run
changes nothing; the content lock holds a changed form until Terbitkan Perubahan = Ya."""

import json
import shutil
import zipfile

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx.agreement.agreed import load_register
from lelang_xlsx.cli import main
from lelang_xlsx.output.textfmt import number

from .pk_support import YEAR, masuk, pk_auction
from .support import needs_soffice, tree_hashes


def run(root, *extra):
    res = CliRunner().invoke(main, ["pk", "run", str(root), "--year", str(YEAR), *extra])
    assert "Traceback" not in res.output
    return res


def tables(path):
    d = docx.Document(path)
    targets = next(t for t in d.tables if len(t.columns) == 5 and t.rows[0].cells[-1].text == f"Target {YEAR}")
    budget = next(t for t in d.tables if len(t.columns) == 4 and t.rows[0].cells[2].text == "Anggaran (Rp)")
    return ([[c.text for c in r.cells] for r in targets.rows[1:]], [[c.text for c in r.cells] for r in budget.rows[1:]])


def rupiah(v):
    return "Rp " + number(v, 0)


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    root = pk_auction(tmp_path_factory.mktemp("pkrun"))
    res = run(root, "--pdf") if shutil.which("soffice") else run(root)
    assert res.exit_code == 0, res.output
    return root


def test_nine_pks_with_the_registers_targets_and_the_forms_budgets(done):
    register = load_register(done / "hasil/kesepakatan.json", done)
    docs = sorted((done / "pk/2019/hasil/pk").glob("*.docx"))
    assert len(docs) == 9
    for path in docs:
        kode = path.name.split("_")[0]
        a = register.in_force(kode, YEAR)
        targets, budget = tables(path)
        assert [(r[0], r[2], r[3], r[4]) for r in targets] == [
            (str(i), ind.indikator, ind.satuan,
             number(ind.target[YEAR]) + (f" ± {number(ind.toleransi)}" if ind.toleransi else ""))  # Tetap: 3,5 ± 1
            for i, ind in enumerate(a.indicators, 1)]
        form = openpyxl.load_workbook(masuk(done) / f"{kode}.xlsx")["Program dan Anggaran"]
        rows = [r for r in form.iter_rows(min_row=2, values_only=True) if r[1]]
        assert [(b[1].split("\n")[0], b[2]) for b in budget[:-1]] == [(r[1], rupiah(r[3])) for r in rows]
        assert budget[-1][0] == "Jumlah" and budget[-1][2] == rupiah(sum(r[3] for r in rows))
    text = "\n".join(p.text for p in docx.Document(docs[0]).paragraphs)
    assert "PERJANJIAN KINERJA TAHUN 2019" in text and "pihak pertama" in text and "pihak kedua" in text


def test_the_longest_name_and_fifteen_programmes(done):
    dpupr = next((done / "pk/2019/hasil/pk").glob("DPUPR_*.docx"))
    _, budget = tables(dpupr)
    assert len(budget) == 16  # fifteen programmes and Jumlah
    doc = docx.Document(next((done / "pk/2019/hasil/pk").glob("DPMPTSP_*.docx")))
    assert "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU" in "\n".join(p.text for p in doc.paragraphs)
    sig = doc.tables[2]  # the signatures under the statement
    names = [c.text for c in sig.rows[3].cells]
    assert names == ["H. ARIEF WICAKSONO, S.H., M.H.", "Ir. BAYU PRATAMA, M.T."]
    assert sig.rows[5].cells[1].text.startswith("NIP. 19700918")


@needs_soffice
def test_pdfs(done):
    assert len(list((done / "pk/2019/hasil/pk").glob("*.pdf"))) == 9


def test_pk_json_and_status(done):
    data = json.loads((done / "pk/2019/hasil/pk.json").read_text(encoding="utf-8"))
    assert data["schema"] == "lelang-xlsx/pk" and data["tahun"] == YEAR
    dinkes = data["opd"]["DINKES"]
    assert dinkes["status"] == "terbit" and dinkes["versi"][0]["jenis"] == "PK"
    assert dinkes["jumlah_anggaran"] == sum(p["anggaran"] for p in dinkes["program"])
    support = {i["kode"]: i["anggaran"] for i in dinkes["indikator"]}
    first = dinkes["program"][0]
    assert first["indikator"] == ["DINKES-01", "DINKES-02"] and support["DINKES-01"] >= first["anggaran"]
    ws = openpyxl.load_workbook(done / "pk/2019/status-pk.xlsx")["Status PK"]
    head = [c.value for c in ws[1]]
    assert head[-3:] == ["Tanggal PK", "Ditandatangani", "Terbitkan Perubahan"]
    states = {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert states == {k: "terbit" for k in data["opd"]}
    book = openpyxl.load_workbook(done / "pk/2019/hasil/perjanjian-kinerja-2019.xlsx")
    assert book.sheetnames == ["Per OPD", "Per Indikator", "Program dan Anggaran", "Per Misi"]
    per_opd = {r[0]: r for r in book["Per OPD"].iter_rows(min_row=2, values_only=True)}
    assert per_opd["DPUPR"][3] == 15 and per_opd["DPUPR"][4] == data["opd"]["DPUPR"]["jumlah_anggaran"]
    assert book["Per OPD"].page_setup.orientation == "landscape"


def test_unchanged_rerun_changes_nothing(done):
    def outputs():
        return {k: v for k, v in tree_hashes(done / "pk").items() if ".cache" not in k}

    before = outputs()
    first = run(done)
    assert first.exit_code == 0
    assert outputs() == before
    again = run(done)  # recorded by the run before: the same report, from pk/rerun.py
    report = lambda res: [line for line in res.output.splitlines() if not line.startswith("[")]  # noqa: E731 (no progress)
    assert again.exit_code == 0 and report(again) == report(first) and "Ringkasan" in again.output
    assert (done / "pk/2019/hasil/.cache/rerun.pickle").is_file()


def test_new_files_pass_openxml_audit(done):
    audit = pytest.importorskip("openxml_audit")
    v = audit.OpenXmlValidator()
    files = [done / "pk/2019/status-pk.xlsx", *(done / "pk/2019/hasil").glob("*.xlsx"),
             *(done / "pk/2019/hasil/pk").glob("*.docx"), *(done / "pk/2019/hasil/umpan-balik").glob("*.xlsx")]
    for f in files:
        errors = [e for e in v.validate(str(f)).errors if e.severity == audit.ValidationSeverity.ERROR]
        assert errors == [], (f.name, errors[:3])


@needs_soffice
def test_workbooks_convert_in_libreoffice(done, tmp_path):
    import subprocess

    files = [done / "pk/2019/status-pk.xlsx", done / "pk/2019/hasil/perjanjian-kinerja-2019.xlsx",
             masuk(done) / "DPUPR.xlsx"]
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *[str(tmp_path / f.name) for f in files]], check=True, capture_output=True, timeout=300)
    for f in files:
        pdf = tmp_path / (f.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, f.name


def test_annotated_copy_speaks_of_the_pk_of_the_year(done):
    from .support import feedback_intro
    copy = sorted((done / "pk/2019/hasil/umpan-balik").glob("*.xlsx"))[0]
    text = feedback_intro(copy)
    assert text.startswith(f"Hasil Pemeriksaan Formulir Perjanjian Kinerja Tahun {YEAR}")
    assert f"Perjanjian Kinerja tahun {YEAR}" in text
    assert "pakta" not in text.lower() and "Lelang Kinerja" not in text
