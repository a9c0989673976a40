"""`lelang pantau run --paparan`: per OPD a deck with the planned and realised quarterly
path of each indicator (native chart with the numbers inside); openxml-audit; and the
unchanged re-run that reuses the recorded result."""

from __future__ import annotations

import json

import pytest
from pptx import Presentation

from .pantau_support import YEAR, hasil, masuk, pantau_auction, run_cli


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    root = pantau_auction(tmp_path_factory.mktemp("pantau-deck"))
    res = run_cli("run", root, "--year", YEAR, "--paparan", "--jobs", 1)
    assert res.exit_code == 0, res.output
    return root


def test_one_deck_per_reporting_opd_also_in_its_folder(decks):
    names = sorted(p.name for p in (hasil(decks) / "paparan").glob("*.pptx"))
    assert len(names) == 9 and "DISBUDPAR_dinas-kebudayaan-dan-pariwisata.pptx" in names
    assert (hasil(decks) / "per-opd" / "DISBUDPAR" / "DISBUDPAR_dinas-kebudayaan-dan-pariwisata.pptx").is_file()


def test_indicator_slide_draws_planned_and_realised_path(decks):
    prs = Presentation(hasil(decks) / "paparan" / "DISBUDPAR_dinas-kebudayaan-dan-pariwisata.pptx")
    slides = list(prs.slides)
    assert len(slides) == 1 + 1 + 5  # title, status table, one per indicator
    texts = " ".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    assert "Pemantauan Kinerja TW III 2020" in texts and "2 hijau · 1 kuning · 2 merah · 0 abu-abu" in texts
    chart = next(sh.chart for sh in slides[2].shapes if sh.has_chart)  # DISBUDPAR-01, foreign tourists
    plot = chart.plots[0]
    assert list(plot.categories) == ["TW I", "TW II", "TW III", "TW IV"]
    planned, realised = plot.series
    assert planned.name.startswith("Rencana") and list(planned.values) == [3600, 8100, 12601, 18001]
    assert realised.name == "Realisasi" and list(realised.values)[:3] == [2880, 5346, 7561]
    side = " ".join(sh.text_frame.text for sh in slides[2].shapes if sh.has_text_frame)
    assert "60,00% (merah)" in side and "COVID-19" in side


audit = pytest.importorskip("openxml_audit")


def test_deck_passes_openxml_audit(decks):
    v = audit.OpenXmlValidator()
    for p in sorted((hasil(decks) / "paparan").glob("*.pptx"))[:3]:
        errors = [e for e in v.validate(str(p)).errors if e.severity == audit.ValidationSeverity.ERROR]
        assert not errors, (p.name, [e.description for e in errors][:3])


def test_unchanged_rerun_reuses_the_record_and_a_change_runs_again(tmp_path):
    root = pantau_auction(tmp_path)
    first = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    record = hasil(root) / ".cache" / "pantau-rerun.pickle"
    assert record.is_file()
    (hasil(root) / "pemantauan.json").write_text("{}")  # an output changed by hand: not up to date any more
    again = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    assert json.loads((hasil(root) / "pemantauan.json").read_text())["triwulan"] == 3
    stamp = record.stat().st_mtime_ns
    same = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    assert record.stat().st_mtime_ns == stamp  # answered from the record, nothing redone
    def closing(res):
        return [x for x in res.output.splitlines() if " berkas, " in x]

    assert closing(first) == closing(again) == closing(same) and closing(first)[0].startswith("9 berkas")
    (masuk(root) / "DINKES.xlsx").unlink()  # an input gone: a full run that says so
    gone = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    assert "LK205" in gone.output and closing(gone)[0].startswith("8 berkas")
