"""Issue 22 item 4 for the PK form: its examples name the auction's own city, never the
sample's (a Blitar auction's form does not say "Kota Malang")."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from lelang_xlsx.cli import main

from .support import move_panel_to

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _form_texts(path: Path) -> str:
    """What the OPD reads as guidance: Petunjuk, the Identitas help column, every input message."""
    wb = openpyxl.load_workbook(path)
    parts = [str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value is not None]
    parts += [str(row[2].value) for row in wb["Identitas"].iter_rows(min_row=2) if row[2].value is not None]
    for ws in wb.worksheets:
        parts += [f"{dv.promptTitle} {dv.prompt}" for dv in ws.data_validations.dataValidation if dv.prompt]
    return "\n".join(parts)


def test_pk_form_of_a_blitar_auction_names_kota_blitar(tmp_path):
    root = tmp_path / "blitar"
    shutil.copytree(SAMPLES / "malang-2018", root, ignore=shutil.ignore_patterns("hasil", "pk", "evaluasi", "pantau"))
    move_panel_to(root, "Blitar")
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["pk", "template", str(root), "--year", "2019", "--opd", "DINKES"])
    assert res.exit_code == 0, res.output
    text = _form_texts(root / "pk" / "2019" / "formulir" / "DINKES.xlsx")
    assert "Kepala Dinas Kesehatan Kota Blitar" in text and "Pemerintah Kota Blitar" in text
    assert "Malang" not in text
    assert "PK) tahun 2019" in text
