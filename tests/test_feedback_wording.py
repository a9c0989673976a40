"""Feedback aimed at its reader (issue 13): severity spelled out everywhere, an
"Artinya" that says more than the title, LK204 telling both the OPD and the
secretariat what to do, wording an operator can follow on a protected form."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx import contract as C
from lelang_xlsx import rules
from lelang_xlsx.cli import main
from lelang_xlsx.reading.nip import check_nip, excel_general

from .support import fill_form, new_auction

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def test_rules_list_shows_galat_or_peringatan_with_a_legend():
    res = CliRunner().invoke(main, ["rules"])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    lk309 = next(line for line in lines if line.startswith("LK309"))
    lk310 = next(line for line in lines if line.startswith("LK310"))
    assert re.match(r"LK309\s+galat\s+", lk309) and re.match(r"LK310\s+peringatan\s+", lk310)
    assert not any(re.match(r"LK\d{3}\s+[EW]\s", line) for line in lines)
    assert any(line.startswith("Tingkat: galat = harus diperbaiki") and "peringatan = periksa kembali" in line
               for line in lines)


def test_artinya_says_more_than_the_title():
    for code, rule in rules.RULES.items():
        text = rules.explain(code)
        meaning = text.split("Artinya:\n", 1)[1].split("\n\n", 1)[0].strip()
        assert meaning.rstrip(".") != rule.title, code
        assert len(meaning) > len(rule.title), code
    assert "semuanya sekaligus" in rules.explain("LK310")
    assert "sel kiri atas" in rules.explain("LK107")


def test_terminal_lines_carry_the_severity(tmp_path):
    auction = new_auction(tmp_path)
    path = fill_form(auction.root / C.FORMULIR_DIR / "DINKES.xlsx", tmp_path / "dinkes.xlsx",
                     edit=lambda wb: wb[C.SHEET_INDIKATOR].__setitem__("N2", 130))
    res = CliRunner().invoke(main, ["check", "--panel", str(auction.panel), str(path)])
    lines = res.output.splitlines()
    assert "dinkes.xlsx:Indikator!N2: LK310 peringatan Target 2020 (130) lebih tinggi dari target 2019 (115)" \
        " untuk polaritas Turun. Target tahunan sebaiknya bergerak searah menuju titik akhir." in lines


def test_lk204_tells_the_opd_and_the_secretariat(tmp_path):
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "rusak" / "folder-LK204", root)
    res = CliRunner().invoke(main, ["run", str(root)])
    lines = [line for line in res.output.splitlines() if ": LK204 galat " in line]
    assert len(lines) == 2
    for line in lines:
        assert "Ada 2 berkas untuk OPD 'DINKES' (DINKES.xlsx, DINKES_revisi.xlsx)" in line
        assert "OPD: kirim ulang satu berkas saja" in line
        assert "Sekretariat: sisakan satu berkas OPD ini di folder masuk/" in line
    # the OPD reads the same in its own annotated copy
    copy = load_workbook(root / "hasil" / "umpan-balik" / "DINKES_revisi.xlsx")
    comment = copy[C.SHEET_IDENTITAS]["B2"].comment.text
    assert comment.startswith("LK204 (galat): Ada 2 berkas") and "kirim ulang satu berkas saja" in comment


def test_wording_an_operator_can_follow():
    # LK304 on a protected sheet: no "change the cell format"
    msg = rules.get("LK304").render(header="Nilai Dasar", value="1.234", a="1234", b="1,234")
    assert "format" not in msg.casefold() and "1234 atau 1,234" in msg
    for code in ("LK303", "LK304", "LK312"):
        assert "ubah format" not in rules.get(code).fix.casefold(), code
    # a NIP stored as a number, shown as Excel shows it
    assert excel_general(196804111993031009) == "1,96804E+17"
    assert check_nip(1.96804111993031e17)[0] == "1,96804E+17"
    assert "1,96804E+17" in rules.get("LK203").example
    # unambiguous date examples
    tanggal = next(f for f in C.IDENTITAS_FIELDS if f.kind == "date")
    assert "5 November 2018" in tanggal.help and "2018-11-05" in tanggal.help
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", " ".join(f.help for f in C.IDENTITAS_FIELDS))


def test_form_date_validation_example_is_unambiguous(tmp_path):
    auction = new_auction(tmp_path)
    ws = load_workbook(auction.root / C.FORMULIR_DIR / "DINKES.xlsx")[C.SHEET_IDENTITAS]
    messages = [dv.error for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert messages == ["Ketik tanggal yang benar, misalnya 5 November 2018 atau 2018-11-05."]
