"""The rule registry is the one source for the CLI, docs/rules.md and the broken samples'
expectations; docs stay current. No list of codes is kept by hand here."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from lelang_xlsx import contract, rules
from lelang_xlsx.cli import main
from lelang_xlsx.docs_gen import generated

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
TESTS = Path(__file__).resolve().parent

# Codes that no single broken file can show (they need the history of runs or the panel's
# points sheet): the test file that shows each one at its cell.
SHOWN_BY_A_TEST = {
    "LK508": "test_agreement_gate.py",
    "LK509": "test_agreement_lock.py",
    "LK511": "test_agreement_register.py",
    "LK512": "test_agreement_lock.py",
    "LK513": "test_agreement_amend.py",  # amendments: need an issued pact first
    "LK514": "test_agreement_amend.py",
    "LK515": "test_agreement_lifecycle.py",
    "LK516": "test_agreement_amend.py",
    "LK517": "test_agreement_amend.py",
    "LK603": "test_evaluasi_points.py",
    "LK604": "test_evaluasi_points.py",
}


def sample_codes() -> set[str]:
    """Every code some broken sample must produce (``sample_workbooks/rusak*/expected.json``)."""
    codes: set[str] = set()

    def walk(x) -> None:
        if isinstance(x, str) and re.fullmatch(r"LK\d{3}", x):
            codes.add(x)
        elif isinstance(x, (list, tuple)):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            for y in x.values():
                walk(y)

    for path in sorted(SAMPLES.glob("rusak*/expected.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return codes


def test_every_rule_is_one_complete_unit():
    for code, r in rules.RULES.items():
        assert re.fullmatch(r"LK\d{3}", code) and r.code == code
        assert r.severity in (rules.ERROR, rules.WARNING)
        assert r.title and r.why and r.example and r.fix and r.message, code
    assert len({r.title for r in rules.RULES.values()}) == len(rules.RULES)  # no rule registered twice


def test_every_rule_is_shown_by_a_broken_sample_or_a_named_test():
    """From the registry: a new code needs its broken sample (or, when no single file can
    show it, a test named here); a sample expecting an unregistered code is a typo."""
    shown = sample_codes()
    assert shown <= set(rules.RULES), f"expected.json names unregistered codes: {sorted(shown - set(rules.RULES))}"
    missing = sorted(set(rules.RULES) - shown - set(SHOWN_BY_A_TEST))
    assert not missing, f"codes without a broken sample in sample_workbooks/rusak*/: {missing}"
    for code, test in SHOWN_BY_A_TEST.items():
        assert code in rules.RULES and code in (TESTS / test).read_text(encoding="utf-8"), (code, test)
        assert code not in shown, f"{code} has a broken sample now: remove it from SHOWN_BY_A_TEST"


def test_generated_docs_are_current():
    for path, text in generated().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m lelang_xlsx.docs_gen"


def test_every_command_is_documented():
    cli_doc = (generated().keys().__iter__().__next__().parent / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"## lelang {name}" in cli_doc


def test_rules_command_lists_and_explains():
    runner = CliRunner()
    res = runner.invoke(main, ["rules"])
    assert res.exit_code == 0
    assert "LK309" in res.output and "LK101" in res.output
    res = runner.invoke(main, ["rules", "lk309"])
    assert res.exit_code == 0
    for part in ("Artinya", "Mengapa penting", "Contoh", "Perbaikan", rules.get("LK309").title):
        assert part in res.output
    res = runner.invoke(main, ["rules", "LK999"])
    assert res.exit_code == 2
    assert "tidak dikenal" in res.output


def test_contract_headers_are_unique_per_sheet():
    for fields in (contract.IDENTITAS_FIELDS, contract.indikator_fields(range(2019, 2024)), contract.PENDUKUNG_FIELDS,
                   contract.PENAWARAN_FIELDS, contract.PENGATURAN_FIELDS):
        labels = [contract.norm(f.label) for f in fields]
        assert len(labels) == len(set(labels))


def test_library_never_imports_click():
    """The library raises its own errors; only cli.py knows about click."""
    import subprocess
    import sys

    code = ("import sys, lelang_xlsx.batch, lelang_xlsx.pipeline, lelang_xlsx.checking.checker, lelang_xlsx.documents.pacts, "
            "lelang_xlsx.recap, lelang_xlsx.agreement.offers; print('click' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
