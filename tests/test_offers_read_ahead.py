"""`lelang run` reads penawaran.xlsx ahead, while the workers check the forms
(agreement/offer_cache.py ``prefetch_offer_file``). The offer round takes the file as read
ahead only when it is byte for byte the file it finds: a panel that saves the workbook
in between is never answered from the older read."""

from __future__ import annotations

import datetime as dt

import openpyxl

from lelang_xlsx import contract as C
from lelang_xlsx.agreement import offer_cache
from lelang_xlsx.agreement.offers import OFFER_LIMITS, offer_round, prefetch_offer_file, write_offers

from .test_offers import COL, KEP, T_NILAI, fill, rows_by_key, setup

NOW = dt.datetime(2018, 12, 1, 9, 0, 0)


def _answers(rnd) -> tuple:
    return ([(r.kode_opd, r.indicator.kode, r.status, r.tawaran_nilai, r.keputusan) for r in rnd.resolutions],
            [f.line() for f in rnd.findings], rnd.digests)


def test_the_file_read_ahead_gives_the_same_round(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    panel, subs, first = setup(tmp_path / "a")
    _, _, path = setup(tmp_path / "b")
    for p in (first, path):  # the same file twice
        write_offers(p, panel, subs, now=NOW)
        fill(p)
    plain = offer_round(first, panel, subs, now=NOW, limits=OFFER_LIMITS)
    prefetch_offer_file(path, OFFER_LIMITS)
    assert offer_cache._PREFETCHED  # read ahead, waiting for the round
    ahead = offer_round(path, panel, subs, now=NOW, limits=OFFER_LIMITS)
    assert not offer_cache._PREFETCHED  # taken
    assert _answers(ahead) == _answers(plain)
    assert any(r.keputusan == "Sanggup" for r in ahead.resolutions)


def test_a_file_saved_after_the_read_ahead_is_read_again(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path)
    prefetch_offer_file(path, OFFER_LIMITS)
    wb = openpyxl.load_workbook(path)  # the panel changes a decision after the read ahead
    ws = wb[C.SHEET_PENAWARAN]
    row = rows_by_key(ws)[("DINKES", "IK-01")]
    ws.cell(row, COL[T_NILAI]).value = 91
    ws.cell(row, COL[KEP]).value = "Tidak Sanggup"
    wb.save(path)
    rnd = offer_round(path, panel, subs, now=NOW, limits=OFFER_LIMITS)
    ik01 = next(r for r in rnd.resolutions if (r.kode_opd, r.indicator.kode) == ("DINKES", "IK-01"))
    assert ik01.keputusan == "Tidak Sanggup" and ik01.tawaran_nilai == 91
    offer_cache._PREFETCHED.clear()


def test_nothing_to_read_ahead_without_the_file(tmp_path):
    prefetch_offer_file(tmp_path / C.PENAWARAN_FILE, OFFER_LIMITS)
    assert not offer_cache._PREFETCHED
