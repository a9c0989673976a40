"""The public Python API (lelang_xlsx/api.py, docs/api.md): checks and runs return the
command's own report; the analyst frames hold what the result files hold."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lelang_xlsx import api
from lelang_xlsx.errors import LelangError
from lelang_xlsx.model import PACT_ISSUED

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The Malang sample after `lelang run` and its 2019 evaluation, through the API."""
    root = tmp_path_factory.mktemp("api") / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root, ignore=shutil.ignore_patterns("pantau"))
    result = api.run(root)
    assert result.exit_code == 0 and result.report.valid
    assert sum(s.state == PACT_ISSUED for s in result.states.values()) == 9
    rnd = api.run_round(root, "eval", 2019)
    assert rnd.exit_code == 0
    return root


def test_check_files_reports_the_finding_at_its_cell():
    report = api.check_files([SAMPLES / "rusak" / "LK301_sumber_data_kosong.xlsx"], SAMPLES / "malang-2018" / "panel.xlsx")
    want = json.loads((SAMPLES / "rusak" / "expected.json").read_text(encoding="utf-8"))["LK301_sumber_data_kosong.xlsx"]
    assert not report.valid and report.stats()["errors"] >= 1
    assert sorted([f.code, f.sheet, f.cell] for f in report.findings) == sorted(want)
    assert report.as_dict()["errors"][0]["code"] == "LK301"


def test_check_folder_writes_only_when_asked(tmp_path):
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root, ignore=shutil.ignore_patterns("evaluasi", "pk", "pantau"))
    report = api.check_folder(root)
    assert report.valid and report.stats()["files"] == 9
    assert not (root / "hasil").exists()
    api.check_folder(root, write=True)
    assert (root / "hasil" / "laporan.xlsx").is_file()


def test_register_frame_holds_the_registered_yearly_targets(folder):
    df = api.register_frame(folder)
    doc = json.loads((folder / "hasil" / "kesepakatan.json").read_text(encoding="utf-8"))
    want = {}
    for kode, record in doc["opd"].items():
        for version in record["versi"]:
            for ind in version["indikator"]:
                for year, target in ind["target"].items():
                    want[(kode, version["versi"], ind["kode"], int(year))] = target
    got = {(r.kode_opd, r.versi, r.kode, r.tahun): r.target for r in df.itertuples()}
    assert got == want and len(df) == len(want) > 0


def test_evaluations_frame_holds_the_round_results(folder):
    df = api.evaluations_frame(folder)
    doc = json.loads((folder / "evaluasi" / "2019" / "hasil" / "evaluasi.json").read_text(encoding="utf-8"))
    want = {(o["kode"], i["kode"]): (i["capaian"], i["poin"]) for o in doc["opd"] for i in o["indikator"]}
    got = {(r.kode_opd, r.kode): (r.capaian, r.poin) for r in df.itertuples()}
    assert got == want and set(df["tahun"]) == {2019}
    assert api.evaluations_frame(folder, year=2020).empty


def test_no_monitoring_gives_none(folder):
    assert api.monitoring_frame(folder) is None


def test_unknown_round_is_refused(folder):
    with pytest.raises(LelangError):
        api.run_round(folder, "lelang", 2019)


def test_importing_the_api_does_not_import_pandas():
    code = "import sys, lelang_xlsx.api; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
