"""The PK samples: the nine Malang 2019 forms check clean; each broken form reports
exactly its expected codes at their cells (one per LK8xx code, and budgets typed as text)."""

import json
import shutil

import pytest
from click.testing import CliRunner

from lelang_xlsx import rules
from lelang_xlsx.cli import main

from .pk_support import RUSAK, YEAR, masuk, pk_auction

EXPECTED = json.loads((RUSAK / "expected.json").read_text(encoding="utf-8"))


def test_the_nine_sample_forms_check_clean(tmp_path):
    root = pk_auction(tmp_path)
    assert len(list(masuk(root).glob("*.xlsx"))) == 9
    res = CliRunner().invoke(main, ["pk", "check", str(root), "--year", str(YEAR), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == []


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return pk_auction(tmp_path_factory.mktemp("rusakpk"), with_samples=False)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_pk_form(root, name):
    folder = masuk(root)
    for p in folder.iterdir():
        p.unlink()
    shutil.copy(RUSAK / name, folder / name)
    res = CliRunner().invoke(main, ["pk", "check", str(root), "--year", str(YEAR), "--format", "json"])
    assert "Traceback" not in res.output
    findings = json.loads(res.output)
    got = sorted((f["code"], f["sheet"], f["cell"]) for f in findings if f["file"] == name)
    assert got == sorted(tuple(x) for x in EXPECTED[name])
    assert res.exit_code == (1 if any(rules.get(item[0]).severity == rules.ERROR for item in EXPECTED[name]) else 0)


def test_budget_text_is_read_where_unambiguous(root):
    from lelang_xlsx.pk.check_stage import check_round
    from lelang_xlsx.pk.setup import prepare

    folder = masuk(root)
    for p in folder.iterdir():
        p.unlink()
    shutil.copy(RUSAK / "LK303_anggaran_rp_teks.xlsx", folder / "a.xlsx")
    sub = check_round(prepare(root, YEAR)).submissions[0]
    assert [p.anggaran for p in sub.programs[:3]] == [1_250_000_000, 1_250_000_000, 1_250_000_000]
