"""The samples of every yearly round: the Malang forms of the round's year check clean,
and each broken sample (sample_workbooks/rusak-<round>/) reports exactly its expected
codes at their cells, with the exit code its registered severities give."""

import json
import shutil

import pytest
from click.testing import CliRunner

from lelang_xlsx import rules
from lelang_xlsx.cli import main

from .eval_support import SAMPLES
from .rounds_support import ROUNDS

RUSAK = {"eval": SAMPLES / "rusak-evaluasi", "pk": SAMPLES / "rusak-pk", "pantau": SAMPLES / "rusak-pantau"}
EXPECTED = {name: json.loads((folder / "expected.json").read_text(encoding="utf-8")) for name, folder in RUSAK.items()}
CASES = [(name, f) for name in sorted(EXPECTED) for f in sorted(EXPECTED[name])]


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_the_sample_forms_check_clean(tmp_path, name):
    rc = ROUNDS[name]
    root = rc.auction(tmp_path)
    assert len(list(rc.masuk(root).glob("*.xlsx"))) == 9
    res = CliRunner().invoke(main, rc.args("check", root, "--format", "json"))
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == []


@pytest.fixture(scope="module")
def roots(tmp_path_factory):
    return {name: rc.auction(tmp_path_factory.mktemp(f"rusak-{name}"), with_samples=False)
            for name, rc in ROUNDS.items()}


@pytest.mark.parametrize("name,file", CASES)
def test_broken_sample(roots, name, file):
    rc, root = ROUNDS[name], roots[name]
    folder = rc.masuk(root)
    for p in folder.iterdir():
        p.unlink()
    shutil.copy(RUSAK[name] / file, folder / file)
    res = CliRunner().invoke(main, rc.args("check", root, "--format", "json"))
    assert "Traceback" not in res.output
    findings = json.loads(res.output)
    got = sorted((f["code"], f["sheet"], f["cell"]) for f in findings if f["file"] == file)
    assert got == sorted(tuple(x) for x in EXPECTED[name][file])
    errors = any(rules.get(item[0]).severity == rules.ERROR for item in EXPECTED[name][file])
    assert res.exit_code == (1 if errors else 0)
