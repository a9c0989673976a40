"""Each broken realisation sample reports exactly its expected codes at their cells."""

import json
import shutil

import pytest
from click.testing import CliRunner

from lelang_xlsx import rules
from lelang_xlsx.cli import main

from .eval_support import RUSAK, YEAR, eval_auction, masuk

EXPECTED = json.loads((RUSAK / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return eval_auction(tmp_path_factory.mktemp("rusak"), with_samples=False)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_realisation(root, name):
    folder = masuk(root)
    for p in folder.iterdir():
        p.unlink()
    shutil.copy(RUSAK / name, folder / name)
    res = CliRunner().invoke(main, ["eval", "check", str(root), "--year", str(YEAR), "--format", "json"])
    assert "Traceback" not in res.output
    findings = json.loads(res.output)
    got = sorted((f["code"], f["sheet"], f["cell"]) for f in findings if f["file"] == name)
    assert got == sorted(tuple(x) for x in EXPECTED[name])
    assert res.exit_code == (1 if any(rules.get(item[0]).severity == rules.ERROR for item in EXPECTED[name]) else 0)
