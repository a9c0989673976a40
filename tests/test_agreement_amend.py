"""The agreement over five years (kesepakatan.md): the lock compares content, not bytes;
clearing Sesi Selesai withdraws nothing; an amendment (Perubahan ke-N) keeps every year
before Berlaku Mulai and recomputes the path from it; frozen years are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from lelang_xlsx.cli import main

from .agreement_support import entries, register, set_identity, set_offer, set_status
from .support import needs_soffice, sha, soffice_roundtrip

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
PACT = "hasil/pakta/DINKES_dinas-kesehatan.docx"


@pytest.fixture(scope="module")
def issued(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("amend") / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    return root


@pytest.fixture
def auction(issued, tmp_path) -> Path:
    root = tmp_path / "malang"
    shutil.copytree(issued, root)
    shutil.rmtree(root / "hasil" / ".cache", ignore_errors=True)
    return root


def _run(root: Path, *args: str):
    return CliRunner().invoke(main, ["run", str(root), *args])


def _frozen_bytes(root: Path) -> dict[str, bytes]:
    return {p: (root / p).read_bytes() for p in (PACT, "hasil/kesepakatan.json", "hasil/kesepakatan.xlsx")}


def _text(path: Path) -> str:
    doc = Document(path)
    return "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)


def test_openpyxl_resave_and_annotated_copy_resent_lock_nothing(auction):
    before = _frozen_bytes(auction)
    form = auction / "masuk" / "DINKES.xlsx"
    load_workbook(form).save(form)  # opened and saved again, nothing changed
    (auction / "masuk" / "DISDIK.xlsx").rename(auction / "masuk" / "disdik final (2).xlsx")  # renamed
    shutil.copy(auction / "hasil" / "umpan-balik" / "DISHUB.xlsx", auction / "masuk" / "DISHUB.xlsx")  # re-sent
    pen = auction / "penawaran.xlsx"
    load_workbook(pen).save(pen)
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert "LK509" not in res.output and "terkunci" not in res.output
    assert _frozen_bytes(auction) == before


@needs_soffice
def test_libreoffice_resave_locks_nothing(auction, tmp_path):
    before = _frozen_bytes(auction)
    for name in ("DINKES.xlsx", "DISDAG.xlsx"):
        saved = soffice_roundtrip(auction / "masuk" / name, tmp_path / "lo")
        assert saved.read_bytes() != (auction / "masuk" / name).read_bytes()
        shutil.copy(saved, auction / "masuk" / name)
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert "LK509" not in res.output
    assert _frozen_bytes(auction) == before


def test_one_changed_cell_is_reported_at_that_cell_with_its_values(auction):
    before = _frozen_bytes(auction)
    form = auction / "masuk" / "DINKES.xlsx"
    wb = load_workbook(form)
    head = {c.value: c.column_letter for c in wb["Indikator"][1]}
    cell = f"{head['Target 2021 *']}2"
    assert wb["Indikator"][cell].value == 50
    wb["Indikator"][cell] = 49
    wb.save(form)
    res = _run(auction)
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if ": LK509" in line]
    assert len(lines) == 1 and lines[0].startswith(f"DINKES.xlsx:Indikator!{cell}: LK509")
    assert "isi formulir berubah sesudahnya: DINKES-01 Target 2021: 50 → 49." in lines[0]
    assert "baris penawaran" not in lines[0]  # the offer rows are not blamed for a change in the form
    assert _frozen_bytes(auction) == before


def test_offer_row_change_names_the_offer_rows_only(auction):
    row = set_offer(auction / "penawaran.xlsx", "DISDIK", "DISDIK-01", Catatan="diubah sesudah pakta terbit")
    res = _run(auction)
    assert res.exit_code == 1
    line = next(x for x in res.output.splitlines() if "LK509" in x)
    assert line.startswith(f"penawaran.xlsx:Penawaran!O{row}: LK509")
    assert "isi baris penawaran berubah sesudahnya: DISDIK-01 Catatan: " in line
    assert "→ diubah sesudah pakta terbit." in line and "formulir" not in line.split("LK509")[1]


def test_head_replaced_is_reported_with_the_first_changes_then_a_count(auction):
    form = auction / "masuk" / "DINKES.xlsx"
    set_identity(form, Nama_Kepala_OPD="dr. Husnul Muarif")
    wb = load_workbook(form)
    for r in range(2, 7):  # its five indicators renamed
        wb["Indikator"].cell(r, 6).value = f"{wb['Indikator'].cell(r, 6).value} (baru)"
    wb.save(form)
    res = _run(auction)
    line = next(x for x in res.output.splitlines() if "LK509" in x)
    assert line.startswith("DINKES.xlsx:Identitas!B4: LK509")
    assert "Nama Kepala OPD: dr. Hendra Kusuma, M.Kes. → dr. Husnul Muarif" in line
    assert "DINKES-04 Indikator Kinerja" in line and "; dan 1 perubahan lain" in line
    assert "DINKES.xlsx:Identitas!B4: LK517 peringatan" in res.output and "Mutasi pejabat" not in line


def test_clearing_the_session_withdraws_nothing_and_an_invalid_value_changes_nothing(auction):
    before = _frozen_bytes(auction)
    set_status(auction / "penawaran.xlsx", "DINKES", Sesi_Selesai=None)
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert (auction / PACT).read_bytes() == before[PACT] and not list((auction / "hasil" / "arsip").glob("DINKES*"))
    record = register(auction)["opd"]["DINKES"]
    assert len(record["versi"]) == 1 and record["dibuka_ulang"]
    assert json.dumps(record["versi"][0], sort_keys=True) == json.dumps(
        json.loads(before["hasil/kesepakatan.json"])["opd"]["DINKES"]["versi"][0], sort_keys=True)
    for typo in ("Sudah", "TRUE", "Y"):
        set_status(auction / "penawaran.xlsx", "DISDIK", Sesi_Selesai=typo)
        res = _run(auction)
        assert "LK510" in res.output and "DISDIK" in entries(auction)
        assert (auction / "hasil" / "pakta" / "DISDIK_dinas-pendidikan.docx").is_file()
    # Ya again with nothing changed: the same pact, no new version, no new date
    set_status(auction / "penawaran.xlsx", "DINKES", Sesi_Selesai="Ya")
    set_status(auction / "penawaran.xlsx", "DISDIK", Sesi_Selesai="Ya")
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert (auction / PACT).read_bytes() == before[PACT]
    assert "dibuka_ulang" not in register(auction)["opd"]["DINKES"] and len(register(auction)["opd"]["DINKES"]["versi"]) == 1


def _amend(root: Path, **status) -> None:
    """The panel reopens DINKES, the budget is cut (DINKES-01 offered 43,9 by 2023, Sanggup), a new head."""
    pen = root / "penawaran.xlsx"
    set_status(pen, "DINKES", Sesi_Selesai=None)
    assert _run(root).exit_code == 0
    set_identity(root / "masuk" / "DINKES.xlsx", Nama_Kepala_OPD="dr. Husnul Muarif", NIP_Kepala_OPD="197501152003121004")
    set_offer(pen, "DINKES", "DINKES-01", Tawaran_Target_Akhir=43.9, Tawaran_Tahun=2023, Keputusan="Sanggup")
    set_status(pen, "DINKES", Sesi_Selesai="Ya", **status)


def test_amendment_from_2020_keeps_2019_and_recomputes_the_rest(auction):
    old_pact = (auction / PACT).read_bytes()
    v1 = entries(auction)["DINKES"]
    _amend(auction, Berlaku_Mulai=2020, Alasan_Perubahan="Mutasi pejabat", Tanggal_Pakta="2 Maret 2020")
    res = _run(auction)
    assert res.exit_code == 0, res.output
    record = register(auction)["opd"]["DINKES"]
    first, second = record["versi"]
    # version 1 kept as it was, its pact archived (same bytes)
    assert {k: v for k, v in first.items() if k not in ("pakta", "entry_sha256")} == \
        {k: v for k, v in v1.items() if k not in ("pakta", "entry_sha256")}
    assert first["pakta"]["berkas"].startswith("hasil/arsip/") and (auction / first["pakta"]["berkas"]).read_bytes() == old_pact
    assert (second["versi"], second["berlaku_mulai"], second["alasan"], second["tanggal"]) == \
        (2, 2020, "Mutasi pejabat", "2020-03-02")
    assert second["penanda_tangan"]["nama"] == "dr. Husnul Muarif"
    # AKI: 2019 carried (51,9); from 2020 the line (2019; 51,9) -> (2023; 43,9), -2,0 a year,
    # tougher than the OPD's own 53, 50, 47: 49,9; 47,9; 45,9; then 43,9
    assert v1["indikator"][0]["target"] == {"2019": 51.9, "2020": 48.3, "2021": 44.6, "2022": 40.9, "2023": 40.9}
    assert second["indikator"][0]["target"] == {"2019": 51.9, "2020": 49.9, "2021": 47.9, "2022": 45.9, "2023": 43.9}
    # an indicator without a new offer keeps its agreed years before 2020 too
    assert second["indikator"][1]["target"]["2019"] == first["indikator"][1]["target"]["2019"]
    text = _text(auction / PACT)
    assert "Perubahan ke-1" in text and "dr. Husnul Muarif" in text and "2 Maret 2020" in text
    assert "Pakta DINKES Perubahan ke-1 mulai 2020: Mutasi pejabat" in res.output
    # the register workbook: every version and every target the amendment changed
    wb = load_workbook(auction / "hasil" / "kesepakatan.xlsx")
    riwayat = [r for r in wb["Riwayat"].iter_rows(min_row=2, values_only=True) if r[0] == "DINKES"]
    assert [(r[2], r[3], r[4], r[-1]) for r in riwayat] == [(1, 2019, "Lelang Kinerja", "digantikan mulai 2020"),
                                                           (2, 2020, "Mutasi pejabat", "berlaku")]
    changed = [r for r in wb["Perubahan Target"].iter_rows(min_row=2, values_only=True) if r[2] == "DINKES-01"]
    assert [(r[4], r[5], r[6], r[7], r[9]) for r in changed] == [
        (2020, 48.3, 49.9, 2, "Mutasi pejabat"), (2021, 44.6, 47.9, 2, "Mutasi pejabat"),
        (2022, 40.9, 45.9, 2, "Mutasi pejabat"), (2023, 40.9, 43.9, 2, "Mutasi pejabat")]
    # the evaluation of 2019 still reads version 1, a 2020 form holds the new target
    res = CliRunner().invoke(main, ["eval", "check", str(auction), "--year", "2019"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["eval", "template", str(auction), "--year", "2020"])
    assert res.exit_code == 0, res.output
    ws = load_workbook(auction / "evaluasi" / "2020" / "formulir" / "DINKES.xlsx")["Realisasi"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert 49.9 in values and 48.3 not in values
    # every file the amendment wrote or changed passes openxml-audit
    from .test_openxml_audit import _findings, audit

    validator = audit.OpenXmlValidator()
    for path in (auction / PACT, auction / "hasil" / "kesepakatan.xlsx"):  # penawaran.xlsx: last saved by the "panel" (openpyxl)
        assert _findings(validator, path) == [], path
    # and the next run keeps it all
    before = _frozen_bytes(auction)
    assert _run(auction).exit_code == 0 and _frozen_bytes(auction) == before


def test_evaluated_year_is_frozen(auction):
    assert CliRunner().invoke(main, ["eval", "run", str(auction), "--year", "2019"]).exit_code == 0
    before = (auction / PACT).read_bytes()
    _amend(auction, Berlaku_Mulai=2019, Alasan_Perubahan="Perubahan anggaran")
    cells = set_status(auction / "penawaran.xlsx", "DINKES", Berlaku_Mulai=2019)
    res = _run(auction)
    assert res.exit_code == 1
    line = next(x for x in res.output.splitlines() if "LK513" in x)
    assert line.startswith(f"penawaran.xlsx:Status OPD!{cells['Berlaku Mulai']}: LK513")
    assert "tahun 2019 sudah dibekukan (evaluasi 2019 sudah menilai OPD ini)" in line
    assert (auction / PACT).read_bytes() == before and len(register(auction)["opd"]["DINKES"]["versi"]) == 1
    # without Berlaku Mulai after an evaluation: LK514
    cells = set_status(auction / "penawaran.xlsx", "DINKES", Berlaku_Mulai=None)
    res = _run(auction)
    assert f"penawaran.xlsx:Status OPD!{cells['Berlaku Mulai']}: LK514" in res.output
    assert (auction / PACT).read_bytes() == before
    # from 2020: issued; 2019 as evaluated
    set_status(auction / "penawaran.xlsx", "DINKES", Berlaku_Mulai=2020)
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert [v["versi"] for v in register(auction)["opd"]["DINKES"]["versi"]] == [1, 2]
    assert CliRunner().invoke(main, ["eval", "check", str(auction), "--year", "2019"]).exit_code == 0


def test_bad_status_values_are_findings_at_their_cells(auction):
    set_status(auction / "penawaran.xlsx", "DINKES", Sesi_Selesai=None)
    assert _run(auction).exit_code == 0
    before = (auction / PACT).read_bytes()
    set_identity(auction / "masuk" / "DINKES.xlsx", Nama_Kepala_OPD="dr. Husnul Muarif")
    cells = set_status(auction / "penawaran.xlsx", "DINKES", Sesi_Selesai="Ya", Berlaku_Mulai="tahun depan",
                       Alasan_Perubahan="ganti kadis", Tanggal_Pakta="minggu depan")
    other = set_status(auction / "penawaran.xlsx", "DISDIK", Tanggal_Pakta="10 Desember 2018",
                       Ditandatangani="1 Desember 2018")
    res = _run(auction)
    assert res.exit_code == 1
    assert f"Status OPD!{cells['Berlaku Mulai']}: LK513" in res.output and "'tahun depan'" in res.output
    assert f"Status OPD!{cells['Tanggal Pakta']}: LK516" in res.output
    assert f"Status OPD!{other['Ditandatangani']}: LK516" in res.output
    assert (auction / PACT).read_bytes() == before
    set_status(auction / "penawaran.xlsx", "DINKES", Berlaku_Mulai=2030, Tanggal_Pakta=None)
    res = _run(auction)
    assert f"Status OPD!{cells['Berlaku Mulai']}: LK513" in res.output and "bukan tahun periode 2019–2023" in res.output
    set_status(auction / "penawaran.xlsx", "DINKES", Berlaku_Mulai=2021)
    res = _run(auction)
    assert f"Status OPD!{cells['Alasan Perubahan']}: LK514" in res.output and "'ganti kadis'" in res.output
    assert (auction / PACT).read_bytes() == before


def test_signed_date_is_recorded_and_shown(auction):
    cells = set_status(auction / "penawaran.xlsx", "DISHUB", Ditandatangani="12 Desember 2018")
    res = _run(auction)
    assert res.exit_code == 0, res.output
    assert entries(auction)["DISHUB"]["ditandatangani"] == "2018-12-12"
    assert "ditandatangani" in res.output
    ws = load_workbook(auction / "hasil" / "laporan.xlsx")["Status Pakta"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "DISHUB")
    assert row[2] == "ditandatangani"
    assert sha(auction / "penawaran.xlsx") and cells


def test_a_pact_moved_away_is_rebuilt_from_the_register_not_the_weakened_form(auction, tmp_path):
    before = (auction / PACT).read_bytes()
    shutil.move(auction / PACT, tmp_path / "dikirim-lewat-surel.docx")  # moved out to e-mail it
    form = auction / "masuk" / "DINKES.xlsx"
    wb = load_workbook(form)
    wb["Indikator"]["M2"] = 58  # a weaker 2019 target for AKI after the pact was issued
    wb.save(form)
    res = _run(auction)
    assert res.exit_code == 1
    assert "hasil/kesepakatan.json: LK511" in res.output and "ditulis ulang dari catatan kesepakatan" in res.output
    assert "DINKES.xlsx:Indikator!M2: LK509" in res.output
    assert (auction / PACT).read_bytes() == before  # the register's version, byte for byte
    assert entries(auction)["DINKES"]["indikator"][0]["target"]["2019"] == 51.9
    # the per-OPD copy is a copy: editing it leaves the issued pact alone
    copy = auction / "hasil" / "per-opd" / "DINKES" / "DINKES_dinas-kesehatan.docx"
    copy.write_bytes(b"diubah")
    assert (auction / PACT).read_bytes() == before


def test_hand_edited_register_workbook_is_reported_and_restored(auction):
    path = auction / "hasil" / "kesepakatan.xlsx"
    before = path.read_bytes()
    wb = load_workbook(path)
    ws = wb["Kesepakatan"]
    head = [c.value for c in ws[1]]
    ws.cell(3, head.index("Target 2021") + 1).value = 30
    wb.save(path)
    res = _run(auction)
    assert "hasil/kesepakatan.xlsx: LK511" in res.output
    assert path.read_bytes() == before
    res = _run(auction)
    assert "LK511" not in res.output and res.exit_code == 0


def test_the_sample_amendment_scenario_runs_as_the_readme_says(auction):
    import sys

    sys.path.insert(0, str(SAMPLES))
    import perubahan_contoh as P

    assert CliRunner().invoke(main, ["eval", "run", str(auction), "--year", "2019"]).exit_code == 0
    P.reopen(auction)
    res = _run(auction)
    assert res.exit_code == 0 and "Sesi dibuka ulang, pakta yang berlaku tidak ditarik" in res.output
    P.amend(auction)
    res = _run(auction)
    assert res.exit_code == 0, res.output
    v1, v2 = register(auction)["opd"]["DINKES"]["versi"]
    assert (v2["berlaku_mulai"], v2["alasan"], v2["tanggal"]) == (2020, "Mutasi pejabat", "2020-03-02")
    assert v2["penanda_tangan"]["nama"] == "dr. Husnul Muarif, M.Kes." and v1["penanda_tangan"]["nama"] != v2["penanda_tangan"]["nama"]
    assert v2["indikator"][0]["target"]["2019"] == v1["indikator"][0]["target"]["2019"]
    assert CliRunner().invoke(main, ["eval", "check", str(auction), "--year", "2019"]).exit_code == 0
    assert CliRunner().invoke(main, ["eval", "template", str(auction), "--year", "2020"]).exit_code == 0


def test_a_register_target_forged_and_resealed_loses_to_the_signed_pact(auction):
    from lelang_xlsx.agreement.register import seal

    path = auction / "hasil" / "kesepakatan.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    rec = doc["opd"]["DINKES"]
    entry = rec["versi"][0]
    entry["indikator"][0]["target"]["2021"] = 50.0  # a kinder AKI target, re-sealed (the seal has no key)
    doc["opd"]["DINKES"] = seal(dict(rec, versi=[seal(entry)]))
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    res = _run(auction)
    line = next(x for x in res.output.splitlines() if "LK511" in x)
    assert "Catatan DINKES di kesepakatan.json berbeda dari pakta yang terbit" in line
    assert "DINKES-01 target disepakati 2021: 44,6 → 50" in line
    assert entries(auction)["DINKES"]["indikator"][0]["target"]["2021"] == 44.6  # the signed version wins
    res = CliRunner().invoke(main, ["eval", "check", str(auction), "--year", "2019"])
    assert res.exit_code == 0, res.output
