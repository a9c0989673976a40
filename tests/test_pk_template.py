"""The PK template is customisable and checkable: its fields listed, the stock template
clean, a customised one with an unknown field refused with its place (exit 2); A4 with
'Halaman N dari M' in the footer."""

import zipfile
from pathlib import Path

from click.testing import CliRunner

from lelang_xlsx.cli import main

STOCK = Path(__file__).resolve().parent.parent / "templates" / "perjanjian_kinerja.docx"


def test_fields_listed():
    res = CliRunner().invoke(main, ["pact-fields", "--pk"])
    assert res.exit_code == 0
    for name in ("pihak_pertama.nama_kapital", "program[].anggaran", "jumlah_anggaran", "sasaran[].target"):
        assert name in res.output


def test_stock_template_is_clean_and_a4_with_page_n_of_m():
    res = CliRunner().invoke(main, ["check-template", "--pk", str(STOCK)])
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(STOCK) as z:
        doc = z.read("word/document.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert 'w:w="11906"' in doc and 'w:h="16838"' in doc  # A4
    assert "Halaman " in footer and "NUMPAGES" in footer and " dari " in footer


def test_customised_template_with_an_unknown_field_is_refused(tmp_path):
    bad = tmp_path / "pk_kustom.docx"
    with zipfile.ZipFile(STOCK) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ jumlah_anggaran }}", b"{{ total_anggaran }}")
            zout.writestr(info, data)
    res = CliRunner().invoke(main, ["check-template", "--pk", str(bad)])
    assert res.exit_code == 2
    assert "total_anggaran" in res.output
