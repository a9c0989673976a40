"""`lelang eval template` pre-fills Realisasi Y from the fourth quarter of a valid
monitoring workbook (still editable), with Sumber Data "Pemantauan TW IV"; an OPD that has
reported only up to TW III gets a blank form."""

from __future__ import annotations

import sys

import openpyxl

from lelang_xlsx.pantau.form import write_form

from .pantau_support import SAMPLE_MASUK, YEAR, masuk, pantau_auction, register, run_cli


def test_eval_template_takes_the_year_from_tw_iv(tmp_path):
    from click.testing import CliRunner

    from lelang_xlsx.cli import main

    root = pantau_auction(tmp_path)
    sys.path.insert(0, str(SAMPLE_MASUK.parents[3]))
    from build_pantau import filled

    reg = register(root)
    for kode in ("DISPERIN", "DPMPTSP"):  # these two have reported the whole year
        a = reg.in_force(kode, YEAR)
        write_form(masuk(root) / f"{kode}.xlsx", a, YEAR, reg.pemda, filled(a, list(reg.opd).index(kode), reported=4))
    assert run_cli("check", root, "--year", YEAR).exit_code == 0
    res = CliRunner().invoke(main, ["eval", "template", str(root), "--year", str(YEAR)])
    assert res.exit_code == 0, res.output
    forms = root / "evaluasi" / str(YEAR) / "formulir"

    def rows(kode):
        ws = openpyxl.load_workbook(forms / f"{kode}.xlsx")["Realisasi"]
        head = [c.value for c in ws[1]]
        return ws, head, {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[1]}

    ws, head, by = rows("DISPERIN")
    real, src = head.index("Realisasi 2020"), head.index("Sumber Data")
    mon = openpyxl.load_workbook(masuk(root) / "DISPERIN.xlsx")["Realisasi Triwulan"]
    tw4 = {r[1]: r[13] for r in mon.iter_rows(min_row=2, values_only=True) if r[1]}
    assert tw4["DISPERIN-03"] is not None
    assert None in tw4.values()  # one indicator not reported for TW IV: left blank
    for kode, value in tw4.items():  # Kumulatif and Nilai Akhir: the TW IV value is the year's
        if value is None:
            assert by[kode][real] is None and by[kode][src] is None
        else:
            assert by[kode][real] == value and by[kode][src] == "Pemantauan TW IV"
    assert not ws.cell(2, real + 1).protection.locked  # still the OPD's to change
    _, head, by = rows("DPMPTSP")
    mon = openpyxl.load_workbook(masuk(root) / "DPMPTSP.xlsx")["Realisasi Triwulan"]
    q = next(r for r in mon.iter_rows(min_row=2, values_only=True) if r[1] == "DPMPTSP-04")
    # Rata-rata: the year is the mean of the four quarters
    assert by["DPMPTSP-04"][head.index("Realisasi 2020")] == round((q[4] + q[7] + q[10] + q[13]) / 4, 4)
    _, head, by = rows("DINKES")  # reported up to TW III only: nothing pre-filled
    assert all(r[head.index("Realisasi 2020")] is None for r in by.values())
    assert all(r[head.index("Sumber Data")] is None for r in by.values())
