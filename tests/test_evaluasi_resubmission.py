"""Issue 24 for the evaluation round: a re-run after one OPD resubmits its realisation
workbook takes what did not change from the cache (check results, each OPD's entry of
evaluasi.json, the report cards), and its outputs are identical in content to a cold run
(``--no-cache``, empty ``hasil/``) on the same inputs; a workbook replaced by another of
the same size and modification time, and a cache deleted or damaged halfway, are still
found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lelang_xlsx.cache import Cache
from lelang_xlsx.evaluasi.results_json import Pieces, write_results

from .eval_support import YEAR, eval_auction, masuk
from .support import CACHE_DAMAGE, damage_cache, swap_keeping_stat
from .test_evaluasi_uptodate import _run
from .test_resubmission_equivalence import _docx_content, round_content, what_differs

SHEET_XML = "xl/worksheets/sheet3.xml"  # Realisasi
OLD, NEW = b'<c r="L2" s="10"><v>21.6</v>', b'<c r="L2" s="10"><v>21.9</v>'  # Realisasi 2019 of DISHUB-01


def hasil(root: Path) -> Path:
    return root / "evaluasi" / str(YEAR) / "hasil"


def content(root: Path) -> dict[str, object]:
    """What a user reads of the round's outputs (evaluasi/<Y>/hasil without the cache)."""
    return round_content(hasil(root))


def _cold_twin(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest, symlinks=True)
    shutil.rmtree(hasil(dest))
    return dest


def _realisation(root: Path, opd: str, kode: str):
    data = json.loads((hasil(root) / "evaluasi.json").read_text(encoding="utf-8"))
    o = next(o for o in data["opd"] if o["kode"] == opd)
    return next(i for i in o["indikator"] if i["kode"] == kode)["realisasi"]


def _same_as_cold(root: Path, twin: Path) -> None:
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))


@pytest.fixture()
def after_first_run(tmp_path):
    root = eval_auction(tmp_path / "a")
    _run(root)
    return root


def test_resubmission_rerun_equals_a_cold_run(after_first_run, tmp_path):
    root = after_first_run
    assert _realisation(root, "DISHUB", "DISHUB-01") == 21.6
    path = masuk(root) / "DISHUB.xlsx"
    wb = load_workbook(path)  # saved again by openpyxl, as Excel would
    wb["Realisasi"]["L2"] = 23.4
    wb.save(path)
    twin = _cold_twin(root, tmp_path / "cold")
    _run(root)
    assert _realisation(root, "DISHUB", "DISHUB-01") == 23.4
    _same_as_cold(root, twin)
    # evaluasi.xlsx (Per Indikator from cached per-OPD blocks) and .json: the cold run's bytes
    for name in ("evaluasi.xlsx", "evaluasi.json"):
        assert (hasil(root) / name).read_bytes() == (hasil(twin) / name).read_bytes(), name
    rows = content(root)["evaluasi.xlsx"]["Per Indikator"]
    assert [r for r in rows if "DISHUB-01" in r and 23.4 in r]
    assert len({r[0] for r in rows[1:]}) == len(list(masuk(root).glob("*.xlsx")))
    # the change reached the report card too
    card = next((hasil(root) / "rapor").glob("DISHUB*.docx"))
    assert any("23,4" in line for line in _docx_content(card))


def test_workbook_replaced_with_same_size_and_mtime_is_found(tmp_path, monkeypatch):
    from lelang_xlsx.reading import files

    monkeypatch.setattr(files, "RACY_NS", 0)  # the in-process digest memo is on for every file
    root = eval_auction(tmp_path / "a")
    swap_keeping_stat(masuk(root) / "DISHUB.xlsx", tmp_path, lambda: _run(root), SHEET_XML, OLD, NEW)
    twin = _cold_twin(root, tmp_path / "cold")
    _run(root)
    assert _realisation(root, "DISHUB", "DISHUB-01") == 21.9
    _same_as_cold(root, twin)


@pytest.mark.parametrize("damage", CACHE_DAMAGE)
def test_cache_deleted_or_damaged_gives_a_cold_run_with_the_same_outputs(after_first_run, tmp_path, damage):
    root = after_first_run
    path = masuk(root) / "DISHUB.xlsx"
    wb = load_workbook(path)
    wb["Realisasi"]["L2"] = 23.4
    wb.save(path)
    twin = _cold_twin(root, tmp_path / "cold")
    damage_cache(hasil(root) / ".cache", damage)
    _run(root)
    assert _realisation(root, "DISHUB", "DISHUB-01") == 23.4
    _same_as_cold(root, twin)


def _plain(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("shape", ["list", "dict"])
def test_json_pieces_are_the_plain_encoding_and_never_stale(tmp_path, shape):
    """evaluasi.json (a list of OPDs) and pk.json (a dict by Kode OPD) from cached pieces: the
    same bytes as the plain encoder, also after one entry changed (its old piece is not used)."""
    entries = [{"kode": k, "nilai": [1.5, {"a": "teks\nbaris"}], "kosong": {}, "nama": "Dinas"} for k in "ABC"]
    data = {"tahun": YEAR, "opd": entries if shape == "list" else {e["kode"]: e for e in entries}, "misi": []}
    cache = Cache(tmp_path / "hasil")
    Pieces(data, cache).write(tmp_path / "a.json")
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == _plain(data)
    entries[1]["nilai"][0] = 2.5  # B changes; A and C come from the cache
    again = Pieces(data, cache)
    again.write(tmp_path / "b.json")
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == _plain(data)
    assert '"nilai": [\n        2.5' in (tmp_path / "b.json").read_text(encoding="utf-8")
    assert again.key != Pieces({**data, "tahun": YEAR + 1}, cache).key  # the key covers what is not a piece


def test_json_pieces_with_the_marker_in_a_text_fall_back_to_the_plain_encoder(tmp_path):
    data = {"pemda": "Kota \x00lelang-piece\x00 Malang", "opd": [{"kode": "A"}]}
    Pieces(data, Cache(tmp_path / "hasil")).write(tmp_path / "a.json")
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == _plain(data)
    write_results(tmp_path / "b.json", data, Cache(tmp_path / "hasil"))
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()


def test_report_cards_follow_a_panel_change_without_a_changed_workbook(after_first_run):
    """A card is kept by the digest of its OPD's entry of evaluasi.json plus the panel: the
    panel's own texts on the card (the signing place) still reach every card."""
    from .support import set_panel_setting

    root = after_first_run
    card = next((hasil(root) / "rapor").glob("DISHUB*.docx"))
    assert "| Malang, ..." in "\n".join(_docx_content(card))  # the signing line, in the signature table
    set_panel_setting(root, "Tempat Penandatanganan", "Batu")
    _run(root)
    cards = sorted((hasil(root) / "rapor").glob("*.docx"))
    assert len(cards) > 5
    for card in cards:
        text = "\n".join(_docx_content(card))
        assert "| Batu, ..." in text and "| Malang, ..." not in text, card.name
