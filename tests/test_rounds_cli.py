"""What every round's commands share (lelang_xlsx/rounds/cli.py): the same options, and
workbook text (here a file name with an escape sequence, NUL and a right-to-left
override) printed literally by `check` (text and JSON) and `run`, never sent raw to the
terminal."""

import json
import shutil

import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main

from .rounds_support import ROUNDS

HOSTILE_NAME = "DINKES \x1b]0;diretas\x07 \u202egnp.xlsx"


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_round_prints_a_hostile_file_name_literally(tmp_path, name):
    rc = ROUNDS[name]
    root = rc.auction(tmp_path)
    shutil.copy(rc.sample / "DINKES.xlsx", rc.masuk(root) / HOSTILE_NAME)  # DINKES twice: LK204 names both files
    for args in (rc.args("check", root), rc.args("check", root, "--format", "json"), rc.args("run", root)):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 1, res.output
        out = res.output
        assert "Traceback" not in out and "Galat internal" not in out
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, args
        if "json" in args:
            findings = json.loads(out)
            assert any(f["code"] == "LK204" and f["file"] == HOSTILE_NAME for f in findings)
        else:
            assert "\\x1b]0;diretas\\x07 <U+202E>gnp.xlsx" in out


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_every_round_takes_the_shared_options(name):
    rc = ROUNDS[name]
    opts = {}
    for command in ("template", "check", "run"):
        res = CliRunner().invoke(main, [rc.cli, command, "--help"])
        assert res.exit_code == 0, res.output
        opts[command] = res.output
    assert "--year" in opts["template"] and "--opd" in opts["template"]
    assert all(o in opts["check"] for o in ("--year", "--format", "--max-mb", "--max-rows"))
    assert all(o in opts["run"] for o in ("--year", "--jobs", "--no-cache", "--max-mb", "--max-rows"))
