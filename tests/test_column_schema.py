"""One schema for the indicator columns (docs/design/add-a-column.md): the recap, its
session view, the register (record and workbook) and the pact take the form's columns from
the contract's ``Field.shown_in``, so showing a column somewhere is a change of its entry."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx import contract as C
from lelang_xlsx.cli import main
from lelang_xlsx.documents.pact_fields import pact_fields
from lelang_xlsx.recap import SHEET_SESI

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
EVERYWHERE = frozenset({C.RECAP, C.SESSION, C.REGISTER, C.REGISTER_SHEET, C.PACT})


def _shown_everywhere(fields, key):
    return tuple(dataclasses.replace(f, shown_in=EVERYWHERE) if f.key == key else f for f in fields)


def _headers(ws) -> list:
    return [c.value for c in ws[1]]


def test_todays_places_are_what_the_schema_says(tmp_path):
    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    assert CliRunner().invoke(main, ["run", "-j", "1", str(root)]).exit_code == 0
    recap = load_workbook(root / "hasil" / "rekap.xlsx", read_only=True)
    head = _headers(recap["Indikator"])
    assert head[2:2 + 9] == [f.label for f in C.shown_in(C.INDIKATOR_FIELDS, C.RECAP)]
    assert [h for h in head if h in {f.label for f in C.INDIKATOR_FIELDS}] == [
        f.label for f in C.shown_in(C.INDIKATOR_FIELDS, C.RECAP)]
    reg = load_workbook(root / "hasil" / "kesepakatan.xlsx", read_only=True)
    assert _headers(reg["Kesepakatan"])[2:9] == [f.label for f in C.shown_in(C.INDIKATOR_FIELDS, C.REGISTER_SHEET)]
    doc = json.loads((root / "hasil" / "kesepakatan.json").read_text(encoding="utf-8"))
    item = doc["opd"]["DINKES"]["versi"][0]["indikator"][0]
    assert list(item)[:11] == [f.key for f in C.shown_in(C.INDIKATOR_FIELDS, C.REGISTER)]
    listed = dict(pact_fields())  # `lelang pact-fields` and the template check know every column the pact shows
    assert all(f"baris[].{f.key}" in listed for f in C.shown_in(C.INDIKATOR_FIELDS, C.PACT))


def test_a_column_shown_everywhere_reaches_every_place(tmp_path, monkeypatch):
    """'Sumber Data' is on the form and in the register only; shown everywhere by its schema
    entry alone, the recap, the session view, the register workbook and the pact's row fields
    carry it, with the OPD's value."""
    monkeypatch.setattr(C, "INDIKATOR_FIELDS", _shown_everywhere(C.INDIKATOR_FIELDS, "sumber"))
    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    res = CliRunner().invoke(main, ["run", "-j", "1", "--no-cache", str(root)])
    assert res.exit_code == 0, res.output
    recap = load_workbook(root / "hasil" / "rekap.xlsx")
    ws = recap["Indikator"]
    head = _headers(ws)
    assert head.index("Sumber Data") == head.index("Nilai Dasar") + 1  # in form order
    values = {r[head.index("Sumber Data")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert any(v and "Profil" in v for v in values)
    sesi = _headers(recap[SHEET_SESI])
    assert sesi[1:4] == ["Satuan", "Polaritas", "Sumber Data"]
    reg = load_workbook(root / "hasil" / "kesepakatan.xlsx")
    assert "Sumber Data" in _headers(reg["Kesepakatan"])
    from lelang_xlsx.documents import pact_context
    from lelang_xlsx.agreement.rebuild import inputs_of
    doc = json.loads((root / "hasil" / "kesepakatan.json").read_text(encoding="utf-8"))
    entry = doc["opd"]["DINKES"]["versi"][0]
    sub, recs = inputs_of(entry, 2023)
    row = pact_context._row(1, recs[0], [2019, 2023])
    assert row["sumber"] == entry["indikator"][0]["sumber"] and row["sumber"]


def test_an_optional_column_after_the_targets(tmp_path, monkeypatch):
    """An optional column (Toleransi) shown in the recap sits after the recap's own columns and
    is filled where the OPD typed it; the session view shows it as text."""
    monkeypatch.setattr(C, "INDIKATOR_TAIL_FIELDS", _shown_everywhere(C.INDIKATOR_TAIL_FIELDS, "toleransi"))
    from lelang_xlsx.recap import build_recap
    from lelang_xlsx.recap.session import columns, session_rows
    from . import offer_fixtures as F
    panel = F.panel()
    sub = F.dinkes()
    sub.indicators[0].toleransi = 1.5
    recap = build_recap(panel, [sub])
    cols = recap.indikator_columns
    at = cols.index(C.TOLERANSI_FIELD.label)
    assert at == cols.index("Jumlah Data Pendukung") + 1
    assert [r[at] for r in recap.opds[0].indikator][:2] == [1.5, None]
    years = list(panel.years)
    assert C.TOLERANSI_FIELD.label in columns(years)
    rows = session_rows(cols, recap.opds[0].indikator, years)
    assert rows[0][columns(years).index(C.TOLERANSI_FIELD.label)] == "1,5"
