"""The agreement register hasil/kesepakatan.json + .xlsx (docs/kesepakatan.md): its contents,
rebuilt only from what is issued when deleted, a hand-edited entry reported (LK511)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.agreement.register import entry_digest
from lelang_xlsx.cli import main
from lelang_xlsx.agreement.agreed import load_register

from .agreement_support import current, entries, register, set_session
from .support import sha

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.fixture(scope="module")
def issued(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reg") / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    return root


def test_register_contents(issued):
    doc = register(issued)
    assert doc["schema"] == "lelang-xlsx/kesepakatan" and doc["version"] == 3
    assert doc["pemda"] == "Pemerintah Kota Malang" and doc["periode"] == {"awal": 2019, "akhir": 2023}
    assert list(doc["opd"]) == ["DISDIK", "DINKES", "DISDAG", "DPMPTSP", "DISPERIN", "DISBUDPAR", "DPUPR",
                                "DISHUB", "DISPERKIM"]  # the panel list's order
    record = doc["opd"]["DINKES"]
    assert record["entry_sha256"] == entry_digest(record) and len(record["versi"]) == 1
    e = record["versi"][0]
    assert (e["versi"], e["berlaku_mulai"], e["alasan"], e["ditandatangani"]) == (1, 2019, "Lelang Kinerja", None)
    assert e["entry_sha256"] == entry_digest(e)
    assert e["formulir"] == {"berkas": "masuk/DINKES.xlsx", "sha256": sha(issued / "masuk" / "DINKES.xlsx")}
    assert e["pakta"] == {"berkas": "hasil/pakta/DINKES_dinas-kesehatan.docx",
                          "sha256": sha(issued / "hasil" / "pakta" / "DINKES_dinas-kesehatan.docx")}
    assert e["penanda_tangan"]["nip"].isdigit() and len(e["penanda_tangan"]["nip"]) == 18 and e["penanda_tangan"]["nama"]
    aki = e["indikator"][0]
    assert aki["indikator"] == "Angka Kematian Ibu" and aki["polaritas"] == "Turun"
    assert aki["tahun_dasar"] == 2017 and aki["nilai_dasar"] == 59.3
    assert aki["usulan"] == {"2019": 56.0, "2020": 53.0, "2021": 50.0, "2022": 47.0, "2023": 44.0}
    # Sanggup 40,9 by 2022 (a year early): line (2017; 59,3) -> (2022; 40,9), slope -3,68:
    # 2019 51,94 -> 51,9; 2020 48,26 -> 48,3; 2021 44,58 -> 44,6 (all tougher than 56, 53, 50); 2022 on 40,9
    assert aki["tawaran"] == {"nilai": 40.9, "tahun": 2022} and aki["keputusan"] == "Sanggup"
    assert aki["status"] == "Sanggup" and aki["disepakati"] == {"nilai": 40.9, "tahun": 2022}
    assert aki["target"] == {"2019": 51.9, "2020": 48.3, "2021": 44.6, "2022": 40.9, "2023": 40.9}
    statuses = {i["status"] for o in current(doc).values() for i in o["indikator"]}
    assert statuses == {"Sanggup", "Tidak Sanggup", "tanpa tawaran"}
    no_offer = next(i for o in current(doc).values() for i in o["indikator"] if i["status"] == "tanpa tawaran")
    assert no_offer["tawaran"] is None and no_offer["keputusan"] is None and no_offer["target"] == no_offer["usulan"]
    # the evaluation round reads it as it is
    assert len(load_register(issued / "hasil" / "kesepakatan.json", issued).opd) == 9


def test_register_workbook_for_people(issued):
    wb = load_workbook(issued / "hasil" / "kesepakatan.xlsx")
    ws = wb["Kesepakatan"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["Kode OPD", "Nama OPD", "Kode Indikator"] and "Target 2019" in head and "Pakta" in head
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == sum(len(o["indikator"]) for o in entries(issued).values())
    aki = next(r for r in rows if r["Kode OPD"] == "DINKES" and r["Indikator Kinerja"] == "Angka Kematian Ibu")
    assert (aki["Target 2019"], aki["Target 2023"], aki["Keputusan"]) == (51.9, 40.9, "Sanggup")
    assert aki["Pakta"] == "hasil/pakta/DINKES_dinas-kesehatan.docx"
    assert [r[0].value for r in wb["Pakta"].iter_rows(min_row=2)][:2] == ["DISDIK", "DINKES"]


def _copy(issued: Path, tmp_path: Path) -> Path:
    root = tmp_path / "malang"
    shutil.copytree(issued, root)
    shutil.rmtree(root / "hasil" / ".cache", ignore_errors=True)
    return root


def test_deleted_register_is_rebuilt_from_the_issued_pacts(issued, tmp_path):
    root = _copy(issued, tmp_path)
    before = register(root)
    pacts = {p.name: sha(p) for p in (root / "hasil" / "pakta").iterdir()}
    (root / "hasil" / "kesepakatan.json").unlink()
    (root / "hasil" / "kesepakatan.xlsx").unlink()
    import datetime as dt
    import os

    signed = dt.datetime(2018, 12, 8, 10, 0, 0).timestamp()
    for p in (root / "hasil" / "pakta").iterdir():
        os.utime(p, (signed, signed))
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    after = register(root)
    assert {p.name: sha(p) for p in (root / "hasil" / "pakta").iterdir()} == pacts  # nothing re-issued
    assert not list((root / "hasil" / "arsip").glob("*.docx"))
    strip = lambda d: {k: {f: v for f, v in e.items() if f not in ("diterbitkan", "entry_sha256")} for k, e in current(d).items()}
    assert strip(after) == strip(before)
    # each rebuilt entry takes its pact file's own date, not the run's
    assert {e["diterbitkan"] for e in current(after).values()} == {"2018-12-08T10:00:00"}
    assert all(e["entry_sha256"] == entry_digest(e) for e in current(after).values())
    assert (root / "hasil" / "kesepakatan.xlsx").is_file()
    assert "Daftar kesepakatan disusun ulang dari pakta yang sudah terbit: DISDIK, DINKES" in res.output


def test_hand_edited_register_is_reported_and_not_trusted(issued, tmp_path):
    root = _copy(issued, tmp_path)
    path = root / "hasil" / "kesepakatan.json"
    doc = json.loads(path.read_text())
    doc["opd"]["DINKES"]["versi"][0]["indikator"][0]["target"]["2021"] = 30.0  # a kinder target typed by hand
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2))
    pact = root / "hasil" / "pakta" / "DINKES_dinas-kesehatan.docx"
    pact_sha = sha(pact)
    res = CliRunner().invoke(main, ["run", str(root)])
    assert "hasil/kesepakatan.json: LK511" in res.output and "DINKES" in res.output
    after = entries(root)["DINKES"]
    assert after["indikator"][0]["target"]["2021"] == 44.6  # rebuilt from the issued pact's inputs
    assert after["entry_sha256"] == entry_digest(after) and sha(pact) == pact_sha
    # the next run trusts it again
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0 and "LK511" not in res.output


def test_unreadable_register_is_reported(issued, tmp_path):
    root = _copy(issued, tmp_path)
    (root / "hasil" / "kesepakatan.json").write_bytes(b"{\"schema\": 1, " + b"[" * 100000)
    res = CliRunner().invoke(main, ["run", str(root)])
    assert "Traceback" not in res.output and "LK511" in res.output
    assert len(entries(root)) == 9


def test_no_register_before_any_pact(tmp_path):
    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    (root / "penawaran.xlsx").unlink()
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0
    assert entries(root) == {}
    set_session(root / "penawaran.xlsx", "DISHUB", "Ya")
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    assert list(entries(root)) == ["DISHUB"]


def test_pact_deleted_by_hand_is_reported_and_issued_again(issued, tmp_path):
    root = _copy(issued, tmp_path)
    pact = root / "hasil" / "pakta" / "DISHUB_dinas-perhubungan.docx"
    before = sha(pact)
    pact.unlink()
    res = CliRunner().invoke(main, ["run", str(root)])
    assert "hasil/kesepakatan.json: LK511" in res.output and "Pakta DISHUB" in res.output
    assert sha(pact) == before  # same inputs: the same pact again, recorded again
    assert entries(root)["DISHUB"]["pakta"]["sha256"] == before
