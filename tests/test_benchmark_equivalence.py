"""The fast path (``lelang run``) and the plain pandas + openpyxl + docxtpl script of the
benchmark produce the same content on the benchmark data: same findings per file, same
highlighted cells and comments, same recap values, same pacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.compare import annotations_of, differences, findings_of, pact_texts, recap_of
from benchmarks.generate import generate_auction
from benchmarks.naive import run_naive
from lelang_xlsx.auction import Auction
from lelang_xlsx.batch import run_batch


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, Path, object]:
    root = tmp_path_factory.mktemp("bench") / "lelang"
    generate_auction(root, 3, indicators=8, figures=40, seed=1, jobs=1)
    naive_out = root.parent / "naive"
    run_naive(root, naive_out)
    result = run_batch(Auction.at(root), jobs=2, use_cache=False)
    return root / "hasil", naive_out, result


def test_outputs_identical_in_content(outputs):
    hasil, naive_out, _ = outputs
    assert differences(hasil, naive_out) == []


def test_findings_cover_the_deliberate_defects(outputs):
    hasil, naive_out, result = outputs
    found = findings_of(hasil / "laporan.xlsx")
    codes = {c for items in found.values() for c, _, _ in items}
    assert {"LK203", "LK303", "LK306", "LK309", "LK310", "LK311", "LK401"} <= codes
    assert "OPD001.xlsx" not in found  # the clean OPD
    # the same (code, sheet, cell) as lelang's own result, not only as its report
    by_file = {}
    for f in result.report.findings:
        by_file.setdefault(f.file, set()).add((f.code, f.sheet, f.cell))
    assert by_file == findings_of(naive_out / "laporan.xlsx")


def test_comparison_is_not_vacuous(outputs):
    hasil, naive_out, _ = outputs
    notes = annotations_of(naive_out / "umpan-balik")
    assert sorted(notes) == ["OPD001.xlsx", "OPD002.xlsx", "OPD003.xlsx"]
    # five defects, and the AKI path that starts worse than its baseline (LK310 from the baseline)
    assert len(notes["OPD003.xlsx"]) == 6 and all(text for *_, text in notes["OPD003.xlsx"])
    pacts = pact_texts(hasil / "pakta")
    assert len(pacts) == 2  # OPD003 has errors: no pact
    text = "\n".join(next(iter(pacts.values())))
    assert "Sanggup" in text and "Tidak Sanggup" in text
    recap = recap_of(hasil / "rekap.xlsx", "Indikator", ["Kode OPD", "Kode Indikator"])
    assert len(recap) == 16
    assert {v["Keputusan"] for v in recap.values()} >= {"Sanggup", "Tidak Sanggup", "Tanpa tawaran"}


def test_differences_are_detected(outputs, tmp_path):
    """A changed pact or recap value is reported (the comparison can fail)."""
    import shutil

    import docx

    hasil, naive_out, _ = outputs
    copy = tmp_path / "naive"
    shutil.copytree(naive_out, copy)
    pact = sorted((copy / "pakta").glob("*.docx"))[0]
    d = docx.Document(str(pact))
    d.add_paragraph("tambahan")
    d.save(str(pact))
    assert any(x.startswith("pact ") for x in differences(hasil, copy))
