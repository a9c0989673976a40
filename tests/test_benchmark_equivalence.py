"""The fast path (``lelang run``) and the plain pandas + openpyxl + docxtpl script of the
benchmark produce the same content on the benchmark data: same findings per file, same
highlighted cells and comments, same recap values, same pacts.

Compared on frozen data (benchmarks/compare.py): the findings of the benchmark data are
committed (``benchmarks/expected/findings.json``); the naive script must give exactly
those, and the fast path the same for those codes. A rule added later is in neither
comparison, so adding one never touches the naive script or this test."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from benchmarks.compare import (FROZEN_DATA, annotations_of, differences, findings_of, frozen_codes, frozen_findings, only_codes,
                                pact_texts, recap_of)
from benchmarks.generate import generate_auction
from benchmarks.naive import run_naive
from lelang_xlsx.auction import Auction
from lelang_xlsx.batch import run_batch


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, Path, object]:
    root = tmp_path_factory.mktemp("bench") / "lelang"
    data = dict(FROZEN_DATA)
    generate_auction(root, data.pop("n_opd"), jobs=1, **data)
    naive_out = root.parent / "naive"
    run_naive(root, naive_out)
    result = run_batch(Auction.at(root), jobs=2, use_cache=False)
    return root / "hasil", naive_out, result


FROZEN = frozen_findings()
CODES = frozen_codes()


def test_outputs_identical_in_content(outputs):
    hasil, naive_out, _ = outputs
    assert differences(hasil, naive_out, CODES) == []


def test_both_give_the_frozen_findings(outputs):
    hasil, naive_out, result = outputs
    assert findings_of(naive_out / "laporan.xlsx") == FROZEN  # the baseline is frozen with its data
    # the fast path: the same (code, sheet, cell) for the frozen codes, in its report and its own result
    assert only_codes(findings_of(hasil / "laporan.xlsx"), CODES) == FROZEN
    by_file = {}
    for f in result.report.findings:
        by_file.setdefault(f.file, set()).add((f.code, f.sheet, f.cell))
    assert only_codes(by_file, CODES) == FROZEN
    assert "OPD001.xlsx" not in FROZEN  # the clean OPD
    assert {"LK203", "LK303", "LK306", "LK309", "LK310", "LK311", "LK401"} <= CODES  # the deliberate defects


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
    assert any(x.startswith("pact ") for x in differences(hasil, copy, CODES))


def test_a_rule_added_later_is_not_compared(outputs, tmp_path):
    """A finding of a code the frozen data does not hold (a rule added after the freeze)
    is left out of the comparison; one of a frozen code is not."""
    import shutil

    hasil, naive_out, _ = outputs
    copy = tmp_path / "naive"
    shutil.copytree(naive_out, copy)
    laporan = copy / "laporan.xlsx"
    wb = openpyxl.load_workbook(laporan)
    ws = wb["Temuan"]
    row = [c.value for c in ws[2]]
    heads = [c.value for c in ws[1]]
    ws.append([("LK999" if h == "Kode" else v) for h, v in zip(heads, row)])
    wb.save(laporan)
    assert differences(hasil, copy, CODES) == []
    ws.append([("LK310" if h == "Kode" else "Z99" if h == "Sel" else v) for h, v in zip(heads, row)])
    wb.save(laporan)
    assert any("only naive" in x and "Z99" in x for x in differences(hasil, copy, CODES))
