"""Register schema 3 (kesepakatan.md, "Versions"): every OPD's agreement is a list of
versions; the version in force for a year is the latest one that starts at or before it;
a version-1 register is upgraded in place with a dated backup, nothing lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lelang_xlsx.agreement.agreed import Agreement, RegisterError, Register, Signer, load_register
from lelang_xlsx.agreement.register import entry_digest, seal
from lelang_xlsx.cli import main

from .agreement_support import entries, register

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.fixture(scope="module")
def issued(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ver") / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    return root


def _copy(issued: Path, tmp_path: Path) -> Path:
    root = tmp_path / "malang"
    shutil.copytree(issued, root)
    shutil.rmtree(root / "hasil" / ".cache", ignore_errors=True)
    return root


def _version(versi: int, mulai: int) -> Agreement:
    a = Agreement("DINKES", "Dinas Kesehatan", Signer(f"Kepala {versi}"), [], versi=versi, berlaku_mulai=mulai)
    a.pakta = f"v{versi}"
    a.alasan = "Lelang Kinerja" if versi == 1 else "Mutasi pejabat"
    return a


def test_in_force_is_the_latest_version_started_by_that_year():
    v1, v2, v3 = _version(1, 2019), _version(2, 2020), _version(3, 2022)
    reg = Register("k.json", "Pemerintah Kota Malang", 2019, 2023, {"DINKES": v3}, versions={"DINKES": [v1, v2, v3]})
    assert [reg.in_force("DINKES", y).versi for y in range(2019, 2024)] == [1, 2, 2, 3, 3]
    assert reg.in_force(" dinkes ", 2021) is v2  # codes compared as the contract does
    assert reg.in_force("DINKES", 2018) is None and reg.in_force("DINKES", 2024) is None
    assert reg.in_force("DISHUB", 2020) is None
    assert reg.for_year(2019).opd["DINKES"] is v1 and reg.for_year(2021).find("DINKES") is v2
    assert reg.for_year(2021).in_force("DINKES", 2023) is v3  # the view still knows every version


def test_a_register_of_one_version_per_opd_is_in_force_every_year(issued):
    reg = load_register(issued / "hasil" / "kesepakatan.json", issued)
    a = reg.in_force("DINKES", 2023)
    assert a is reg.in_force("DINKES", 2019) and (a.versi, a.berlaku_mulai, a.alasan) == (1, 2019, "Lelang Kinerja")
    assert a.indicators[0].target[2019] == 51.9 and a.digantikan_mulai is None


def _as_version_1(root: Path) -> bytes:
    """The register as the previous release wrote it: one sealed entry per OPD, version 1."""
    path = root / "hasil" / "kesepakatan.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    old = {k: seal({f: v for f, v in rec["versi"][0].items()
                    if f not in ("versi", "berlaku_mulai", "alasan", "tanggal", "ditandatangani", "sidik")})
           for k, rec in doc["opd"].items()}
    doc.update(version=1, opd=old)
    data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    path.write_bytes(data)
    return data


def test_version_1_register_is_read_by_the_rounds_and_upgraded_by_a_run(issued, tmp_path):
    root = _copy(issued, tmp_path)
    old = _as_version_1(root)
    old_entries = json.loads(old)["opd"]
    pacts = {p.name: p.read_bytes() for p in (root / "hasil" / "pakta").iterdir()}
    reg = load_register(root / "hasil" / "kesepakatan.json", root)  # read as it is, not written
    assert reg.in_force("DINKES", 2021).versi == 1 and reg.in_force("DINKES", 2021).indicators[0].target[2021] == 44.6
    assert (root / "hasil" / "kesepakatan.json").read_bytes() == old
    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    assert "LK511" not in res.output
    doc = register(root)
    assert doc["version"] == 3
    # every entry kept byte for byte as version 1 (its seal too), nothing re-issued
    assert {k: rec["versi"] for k, rec in doc["opd"].items()} == {k: [e] for k, e in old_entries.items()}
    assert all(rec["entry_sha256"] == entry_digest(rec) for rec in doc["opd"].values())
    assert {p.name: p.read_bytes() for p in (root / "hasil" / "pakta").iterdir()} == pacts
    backups = list((root / "hasil" / "arsip").glob("kesepakatan-versi1-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == old
    # the next run changes nothing and makes no second backup
    before = (root / "hasil" / "kesepakatan.json").read_bytes()
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    assert (root / "hasil" / "kesepakatan.json").read_bytes() == before
    assert len(list((root / "hasil" / "arsip").glob("kesepakatan-versi1-*.json"))) == 1


def _two_versions(root: Path) -> Path:
    """DINKES with a second version from 2021 written by the processor (sealed), the first one archived."""
    path = root / "hasil" / "kesepakatan.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    rec = doc["opd"]["DINKES"]
    v1 = dict(rec["versi"][0])
    v2 = json.loads(json.dumps(v1))
    v2.update(versi=2, berlaku_mulai=2021, alasan="Perubahan anggaran")
    v2["indikator"][0]["target"].update({"2021": 45.0, "2022": 42.0, "2023": 40.0})
    archived = root / "hasil" / "arsip" / "DINKES_v1.docx"
    archived.parent.mkdir(exist_ok=True)
    shutil.copy(root / v1["pakta"]["berkas"], archived)
    v1["pakta"] = dict(v1["pakta"], berkas="hasil/arsip/DINKES_v1.docx")
    doc["opd"]["DINKES"] = seal({"kode_opd": "DINKES", "versi": [seal(v1), seal(v2)]})
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_evaluation_reads_the_version_in_force_for_its_year(issued, tmp_path):
    root = _copy(issued, tmp_path)
    path = _two_versions(root)
    reg = load_register(path, root)
    assert [reg.in_force("DINKES", y).indicators[0].target[y] for y in range(2019, 2024)] == [51.9, 48.3, 45.0, 42.0,
                                                                                            40.0]
    assert reg.versions["DINKES"][0].digantikan_mulai == 2021 and reg.in_force("DINKES", 2019).alasan == "Lelang Kinerja"
    from lelang_xlsx.evaluasi.run import prepare

    assert prepare(root, 2020).register.opd["DINKES"].versi == 1
    assert prepare(root, 2022).register.opd["DINKES"].versi == 2


def test_versions_reordered_by_hand_are_not_trusted(issued, tmp_path):
    root = _copy(issued, tmp_path)
    path = _two_versions(root)
    doc = json.loads(path.read_text(encoding="utf-8"))
    rec = doc["opd"]["DINKES"]
    doc["opd"]["DINKES"] = seal(dict(rec, versi=rec["versi"][::-1]))  # even re-sealed: out of order
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RegisterError, match="tidak berurutan"):
        load_register(path, root)
    doc["opd"]["DINKES"] = dict(rec, versi=rec["versi"][:1])  # the amendment dropped, seal not redone
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RegisterError, match="entry_sha256"):
        load_register(path, root)
    assert "DINKES" in entries(issued)
