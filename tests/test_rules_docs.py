"""The rule registry is the one source for the CLI and docs/rules.md; docs stay current."""

from click.testing import CliRunner

from lelang_xlsx import contract, rules
from lelang_xlsx.cli import main
from lelang_xlsx.docs_gen import generated

SPEC_CODES = (
    [f"LK10{i}" for i in range(1, 10)]  # LK108/LK109: long text, invisible controls (issue 22)
    + [f"LK20{i}" for i in range(1, 7)]
    + [f"LK3{i:02d}" for i in range(1, 15)]
    + ["LK401", "LK402", "LK403"]
    + [f"LK50{i}" for i in range(1, 8)]
    + ["LK508", "LK509", "LK510", "LK511", "LK512"]  # sessions, the lock, the register
    + ["LK513", "LK514", "LK515", "LK516", "LK517"]  # amendments, dates and signers (kesepakatan.md)
    + ["LK601", "LK602", "LK605"]  # LK605: OPD codes that cannot name files (issue 22)
    + ["LK603", "LK604"] + [f"LK7{i:02d}" for i in range(1, 11)]  # evaluation round
    + [f"LK80{i}" for i in range(1, 9)]  # yearly PK round
    + [f"LK90{i}" for i in range(1, 9)]  # quarterly monitoring (pantau.md)
    + ["LK315"]  # issue 22: a reversed polarity, at the Polaritas cell
)


def test_every_spec_code_is_registered_with_full_docs():
    assert sorted(rules.RULES) == sorted(SPEC_CODES)
    for r in rules.RULES.values():
        assert r.severity in (rules.ERROR, rules.WARNING)
        assert r.title and r.why and r.example and r.fix and r.message


def test_severities_follow_the_spec():
    warnings = {"LK104", "LK107", "LK108", "LK109", "LK205", "LK206", "LK303", "LK310", "LK312", "LK313", "LK504", "LK507", "LK511", "LK512"}
    warnings |= {"LK515", "LK517"}  # a pact without offers, a new head (kesepakatan.md)
    warnings |= {"LK603", "LK706", "LK708", "LK710"}  # evaluation round
    warnings |= {"LK806", "LK808"}  # yearly PK round
    warnings |= {"LK905"}  # quarterly monitoring
    warnings |= {"LK315"}  # issue 22
    assert {c for c, r in rules.RULES.items() if r.severity == rules.WARNING} == warnings


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
