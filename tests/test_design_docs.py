"""The design is written down in the repository (docs/design/) and nothing points outside it:
no code, doc or test cites the product spec's files, which a clone does not have."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The spec's own file names that have no page of that name in the repository.
OUTSIDE = re.compile(r"shared/spec|\bworkbooks\.md\b|\bpakta\.md\b|\bdomain\.md\b")
DESIGN_PAGES = ("contract.md", "gate-and-lock.md", "yearly-path.md", "register.md", "evaluation.md", "rounds.md",
                "add-a-rule.md", "add-a-column.md")


def _texts():
    for folder in ("lelang_xlsx", "docs", "tests", "benchmarks", "sample_workbooks"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".md") and path.is_file():
                yield path, path.read_text(encoding="utf-8")
    yield ROOT / "README.md", (ROOT / "README.md").read_text(encoding="utf-8")


def test_nothing_cites_the_spec_files():
    hits = [f"{path.relative_to(ROOT)}:{n}" for path, text in _texts() if path != Path(__file__)
            for n, line in enumerate(text.splitlines(), start=1) if OUTSIDE.search(line)]
    assert hits == [], f"point to docs/design/ instead: {hits}"


def test_the_design_pages_exist_and_their_links_resolve():
    design = ROOT / "docs" / "design"
    index = (design / "README.md").read_text(encoding="utf-8")
    for page in DESIGN_PAGES:
        assert f"({page})" in index and (design / page).is_file(), page
    for page in design.glob("*.md"):
        for target in re.findall(r"\]\(([^)#]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).resolve().is_file(), (page.name, target)


def test_the_walkthroughs_name_code_that_exists():
    """Every ``lelang_xlsx/...py`` path and every module-level name the walkthroughs tell a
    maintainer to edit is there."""
    import importlib

    for page in ("add-a-rule.md", "add-a-column.md"):
        text = (ROOT / "docs" / "design" / page).read_text(encoding="utf-8")
        for rel in re.findall(r"`(lelang_xlsx/[\w/]+\.py)", text):
            assert (ROOT / rel).is_file(), (page, rel)
    checks = importlib.import_module("lelang_xlsx.checking.checks")
    contract = importlib.import_module("lelang_xlsx.contract")
    formulir = importlib.import_module("lelang_xlsx.workbooks.formulir")
    assert isinstance(checks.CHECKS, dict) and callable(checks._ind_pos)
    assert contract.INDIKATOR_FIELDS and isinstance(formulir.INDIKATOR_WIDTHS, dict)
