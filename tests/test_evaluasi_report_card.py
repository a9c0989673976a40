"""The report card: customisable and checkable like the pact, converts to PDF, notes a
change of OPD head; evaluasi.xlsx and the card pass openxml-audit / LibreOffice."""

import re
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main

from .eval_support import RUSAK, YEAR, eval_auction, masuk
from .support import needs_soffice


def _invoke(*args):
    res = CliRunner().invoke(main, list(args))
    assert "Traceback" not in res.output
    return res


def _doc_text(path):
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


def _retemplate(src, dest, old, new):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.decode().replace(old, new, 1).encode()
            zout.writestr(info, data)
    return dest


STOCK = RUSAK.parent.parent / "templates" / "rapor_kinerja.docx"


def test_stock_template_checks_clean_and_lists_fields():
    assert _invoke("check-template", "--rapor", str(STOCK)).exit_code == 0
    res = _invoke("pact-fields", "--rapor")
    assert "ringkasan.peringkat" in res.output and "penjelasan[].upaya" in res.output


def test_custom_template_is_used(tmp_path):
    root = eval_auction(tmp_path)
    custom = _retemplate(STOCK, tmp_path / "kustom.docx", "RAPOR KINERJA", "LAPORAN CAPAIAN KINERJA")
    res = _invoke("eval", "run", str(root), "--year", str(YEAR), "--template", str(custom))
    assert res.exit_code == 0, res.output
    card = next((root / "evaluasi/2019/hasil/rapor").glob("DINKES_*.docx"))
    assert "LAPORAN CAPAIAN KINERJA" in _doc_text(card)


def test_broken_template_stops_before_any_output(tmp_path):
    root = eval_auction(tmp_path)
    bad = _retemplate(STOCK, tmp_path / "rusak.docx", "{{ ringkasan.kategori }}", "{{ ringkasan.kategorii }}")
    res = _invoke("check-template", "--rapor", str(bad))
    assert res.exit_code == 2 and "ringkasan.kategorii" in res.output and "ringkasan.kategori?" in res.output
    res = _invoke("eval", "run", str(root), "--year", str(YEAR), "--template", str(bad))
    assert res.exit_code == 2 and "Templat rapor kinerja" in res.output
    assert not (root / "evaluasi/2019/hasil/evaluasi.xlsx").exists()


def test_change_of_head_is_noted_in_the_card(tmp_path):
    root = eval_auction(tmp_path)
    shutil.copy(RUSAK / "LK708_kepala_berganti.xlsx", masuk(root) / "DINKES.xlsx")
    res = _invoke("eval", "run", str(root), "--year", str(YEAR))
    assert res.exit_code == 0  # LK708 is a warning
    assert "DINKES.xlsx:Identitas!B6: LK708" in res.output
    xml = _doc_text(next((root / "evaluasi/2019/hasil/rapor").glob("DINKES_*.docx")))
    assert "Pakta ditandatangani oleh dr. Hendra Kusuma, M.Kes." in xml
    assert "dr. SRI WAHYUNI, M.Kes." in xml


@pytest.mark.parametrize("name", ["evaluasi.xlsx", "laporan.xlsx", "rapor/DINKES_dinas-kesehatan_rapor-2019.docx"])
def test_outputs_pass_openxml_audit(tmp_path_factory, name):
    if shutil.which("openxml-audit") is None:
        pytest.skip("openxml-audit not installed")
    root = _sample_round(tmp_path_factory)
    out = subprocess.run(["openxml-audit", str(root / "evaluasi/2019/hasil" / name)], capture_output=True, text=True)
    assert "Errors: 0" in out.stdout, out.stdout


_ROUND = {}


def _sample_round(factory):
    if "root" not in _ROUND:
        root = eval_auction(factory.mktemp("audit"))
        assert _invoke("eval", "run", str(root), "--year", str(YEAR)).exit_code == 0
        _ROUND["root"] = root
    return _ROUND["root"]


@needs_soffice
def test_report_card_converts_to_a4_pages(tmp_path):
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils not installed")
    root = eval_auction(tmp_path)
    res = _invoke("eval", "run", str(root), "--year", str(YEAR), "--pdf")
    assert res.exit_code == 0, res.output
    pdfs = sorted((root / "evaluasi/2019/hasil/rapor").glob("*.pdf"))
    assert len(pdfs) == 9
    info = subprocess.run(["pdfinfo", str(pdfs[0])], capture_output=True, text=True).stdout
    # A4 portrait; with every number explained (base points, weight, formulas, incentive) two pages
    assert re.search(r"Pages:\s+[12]\n", info) and "595" in info and "841" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True).stdout
    assert "RAPOR KINERJA" in text and "Wali Kota Malang" in text
    assert (root / "evaluasi/2019/hasil/per-opd/DINKES/DINKES_dinas-kesehatan_rapor-2019.pdf").is_file()


@needs_soffice
def test_evaluasi_xlsx_opens_in_libreoffice(tmp_path_factory, tmp_path):
    root = _sample_round(tmp_path_factory)
    src = root / "evaluasi/2019/hasil/evaluasi.xlsx"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    assert (tmp_path / "evaluasi.pdf").stat().st_size > 10_000
