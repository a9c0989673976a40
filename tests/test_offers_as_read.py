"""penawaran.xlsx is read once per run: after it is rewritten, the resolution, the
sessions and the per-OPD digests come from the rows as written (agreement/as_read.py).
These tests hold that to a second read of the file, with every kind of value the panel
may type, and check the limits the tool's own file is read with."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from lelang_xlsx import contract as C
from lelang_xlsx.agreement import as_read
from lelang_xlsx.agreement.offers import (OFFER_LIMITS, UNCHANGED, UPDATED, offer_limits, offer_round,
                                          offer_rows_digest, resolve_offers, write_offers)
from lelang_xlsx.agreement.status_sheet import read_sessions
from lelang_xlsx.checking.findings import col_letter
from lelang_xlsx.errors import OutputError
from lelang_xlsx.reading.xlsxread import Cell, Limits, read_workbook

from .test_offers import COL, KEP, SEPAKAT, T_NILAI, T_SEPAKAT, T_TAHUN, CATATAN, big_dinkes, fill, rows_by_key, setup

NOW = dt.datetime(2018, 12, 1, 9, 0, 0)

# What a panel may type in the yellow columns, including what XML and the writer change.
HOSTILE = {
    ("DINKES", "IK-01"): {T_NILAI: 85, KEP: "Sanggup", CATATAN: "baris satu\r\nbaris dua\rtiga"},
    ("DINKES", "IK-02"): {T_NILAI: 0.955, KEP: "Tidak Sanggup", SEPAKAT: "=1+1", CATATAN: "  spasi  "},
    ("DINKES", "IK-03"): {T_NILAI: 1e16, KEP: "Sanggup", CATATAN: "kode _x0041_ ditulis"},
    ("DINKES", "IK-04"): {T_NILAI: -2.5, T_TAHUN: "2021", KEP: True},
    ("DINKES", "IK-05"): {T_NILAI: dt.datetime(2020, 5, 17, 13, 45), KEP: "Sanggup"},
    ("DINKES", "IK-06"): {T_NILAI: dt.date(1900, 2, 1), KEP: "Sanggup", T_SEPAKAT: 2022.0},
    ("DINKES", "IK-07"): {T_NILAI: "97,5", KEP: "sanggup", CATATAN: "x" * 40_000},
    ("DINKES", "IK-08"): {T_NILAI: "=SUM(1,2)", KEP: "=\"Sanggup\""},
    ("DINKES", "IK-09"): {T_NILAI: 12345678901234.5, KEP: " TIDAK  sanggup ", SEPAKAT: 0},
    ("DISDIK", "P-01"): {T_NILAI: 88, KEP: "Sanggup", CATATAN: 42},
}


def _fresh(path, panel, subs):
    """What reading the file again gives: resolution, sessions, digests."""
    res, found = resolve_offers(path, panel, subs)
    sessions = read_sessions(read_workbook(path, OFFER_LIMITS))
    return [vars(r) for r in res], found, sessions, offer_rows_digest(path)


def _round(path, panel, subs, now, store=None):
    rnd = offer_round(path, panel, subs, now=now, store=store)
    return rnd.update, ([vars(r) for r in rnd.resolutions], rnd.findings, rnd.sessions, rnd.digests)


def test_a_rewritten_file_resolves_as_a_second_read_would(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path, HOSTILE)
    wb = openpyxl.load_workbook(path)  # a percent-formatted offer, a formula with a stored value
    ws = wb[C.SHEET_PENAWARAN]
    keys = rows_by_key(ws)
    ws.cell(keys[("DINKES", "IK-10")], COL[T_NILAI]).number_format = "0.0%"
    ws.cell(keys[("DINKES", "IK-10")], COL[T_NILAI]).value = 0.875
    ws = wb[C.SHEET_STATUS_OPD]
    ws.cell(2, 7).value = "ya."
    ws.cell(3, 7).value = "Selesai\r\n"
    wb.save(path)
    # an indicator added: the file is rewritten, every panel entry written back
    subs = [big_dinkes(add=True)] + subs[1:]
    upd, got = _round(path, panel, subs, NOW + dt.timedelta(minutes=1))
    assert upd.status == UPDATED and upd.added == 1
    want = _fresh(path, panel, subs)
    assert got[0] == want[0]
    assert got[1] == want[1] and any(f.code == "LK506" for f in got[1])
    assert got[2] == want[2] and any(f.code == "LK510" for f in got[2].findings)
    assert got[3] == want[3] and set(got[3]) == {"DINKES", "DISDIK"}
    # the next run finds the same file unchanged and gives the same answers from reading it
    upd2, again = _round(path, panel, subs, NOW + dt.timedelta(minutes=2))
    assert upd2.status == UNCHANGED
    assert again == got


def test_created_file_resolves_as_a_second_read_would(tmp_path):
    panel, subs, path = setup(tmp_path)
    upd, got = _round(path, panel, subs, NOW)
    assert upd.status == "created"
    assert got == _fresh(path, panel, subs)


@pytest.mark.parametrize("value", [
    "teks", " spasi ", "a\r\nb", "a\rb", "a\x01b", "\x02", "_x0041_", "x" * 33_000, "=1+1", 0, 7, -3.25, 1e15, 1e16,
    0.1 + 0.2, True, False, dt.date(2019, 3, 1), dt.date(1900, 1, 15), dt.datetime(2021, 2, 3, 4, 5, 6), None, "",
    float("nan"),
])
def test_value_cells_as_read(tmp_path, value):
    """Every kind of value, written the way the offer workbook writes it and read back."""
    import xlsxwriter

    from lelang_xlsx.output.xlsxbulk import BulkSheet, patch, render_rows
    from lelang_xlsx.output.xlsxstyle import WORKBOOK_OPTIONS, Styles

    from lelang_xlsx.agreement.cells import panel_cell

    panel_cells = [Cell(value), Cell(value, percent=True), Cell(value, formula="A1*2"), Cell(value, formula="  ")]
    path = tmp_path / "x.xlsx"
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    st = Styles(wb)
    ws = wb.add_worksheet("S")
    ws.write_string(0, 0, "judul")
    bulk = BulkSheet(ws, 1 + len(panel_cells))
    cells = [st.resolve(value, wrap=True)] + [panel_cell(st, c, locked=False) for c in panel_cells]
    bulk.add(render_rows([(cells, None)]), 1)
    wb.close()
    patch(path, [bulk])
    row = read_workbook(path, Limits(max_cell_chars=32_000)).sheet("S").rows.get(2, {})

    def fields(c):
        return None if c is None else (repr(c.value), c.formula or None, c.cached, c.percent)

    assert fields(row.get(1)) == fields(as_read.value_cell(value, 32_000))
    for col, c in enumerate(panel_cells, start=2):
        assert fields(row.get(col)) == fields(as_read.panel_cell(c, 32_000)), c


def test_offer_limits_are_sized_to_the_auction():
    assert offer_limits(Limits(), 40).max_rows == 40 * 20_000 + 1_000
    assert offer_limits(Limits(), 1000).max_rows == 1_048_576  # a sheet holds no more
    assert offer_limits(Limits(max_rows=50), 3).max_rows == 3 * 50 + 1_000
    assert offer_limits(Limits(max_file_bytes=1024), 2).max_file_bytes == 2048


def test_a_limit_hit_on_the_offer_workbook_names_the_option(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    small = offer_limits(Limits(max_rows=50), len(panel.opds))  # the panel's OPDs x 50 rows + 1,000
    far = small.max_rows + 5
    wb = openpyxl.load_workbook(path)
    wb[C.SHEET_PENAWARAN].cell(far, COL[CATATAN]).value = "catatan jauh di bawah"
    wb.save(path)
    with pytest.raises(OutputError) as exc:
        offer_round(path, panel, subs, now=NOW, limits=small)
    message = str(exc.value)
    assert "penawaran.xlsx" in message and "lelang run --max-rows" in message
    assert f"A1:P{far}" in message and f"batas {small.max_rows} baris" in message
    # the resolution alone reports it as LK106, with the same hint
    _, found = resolve_offers(path, panel, subs, limits=small)
    assert [f.code for f in found] == ["LK106"] and "lelang run --max-rows" in found[0].message
    # with the limit raised the file is read and updated
    raised = offer_limits(Limits(max_rows=far), len(panel.opds))
    assert offer_round(path, panel, subs, now=NOW, limits=raised).update.status == UPDATED


def test_rows_of_unchanged_opds_are_reused_and_give_the_same_file(tmp_path):
    """penawaran.xlsx written again from the blocks of rows cached per OPD is the same file,
    byte for byte, as one written without a cache; a block with a format registered late
    (here a date and a percent offer) is rendered again every time."""
    from lelang_xlsx.agreement.offer_units import UNIT
    from lelang_xlsx.cache import Cache

    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path, HOSTILE)
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    cell = ws.cell(rows_by_key(ws)[("DINKES", "IK-10")], COL[T_NILAI])
    cell.number_format, cell.value = "0.0%", 0.875
    wb.save(path)
    subs = [big_dinkes(add=True)] + subs[1:]  # the file is rewritten
    plain, cached, again = (tmp_path / n for n in ("plain.xlsx", "cached.xlsx", "again.xlsx"))
    for p in (plain, cached, again):
        p.write_bytes(path.read_bytes())
    class Store(Cache):
        blocks: dict = {}

        def put_blob(self, key, value):
            if isinstance(value, tuple) and value[0] == UNIT:  # an OPD's unit (the file as read is kept too)
                self.blocks[key] = value[10][0]  # its code
            super().put_blob(key, value)

    store = Store(tmp_path / "hasil")
    offer_round(plain, panel, subs, now=NOW)
    offer_round(cached, panel, subs, now=NOW, store=store)
    assert set(store.blocks.values()) == {"DISDIK"}  # DINKES holds a date and a percent offer
    offer_round(again, panel, subs, now=NOW, store=store)
    assert plain.read_bytes() == cached.read_bytes() == again.read_bytes()
    for key in store.blocks:  # a damaged block is rendered again
        (tmp_path / "hasil" / ".cache" / "stages" / key).write_bytes(b"damaged")
    offer_round(again, panel, subs, now=NOW, store=store)
    assert again.read_bytes() == plain.read_bytes()


def test_the_file_as_the_last_run_left_it_is_not_read_again(tmp_path, monkeypatch):
    """A run that finds penawaran.xlsx byte for byte as the previous run wrote it starts from
    the rows kept in the cache, and gives what reading the file gives; a file the panel
    edited since is read."""
    from lelang_xlsx.agreement import offer_cache
    from lelang_xlsx.cache import Cache

    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path, HOSTILE)
    store = Cache(tmp_path / "hasil")
    offer_round(path, panel, subs, now=NOW, store=store)  # rewritten (the counts of Status OPD change)
    copy = tmp_path / "copy" / C.PENAWARAN_FILE
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    reads = []
    real = offer_cache.parse_offer_file
    monkeypatch.setattr(offer_cache, "parse_offer_file", lambda p, limits=None: reads.append(p) or real(p, limits))
    subs2 = [big_dinkes(add=True)] + subs[1:]
    upd, got = _round(path, panel, subs2, NOW + dt.timedelta(minutes=1), store)
    assert reads == [] and upd.status == UPDATED
    _, want = _round(copy, panel, subs2, NOW + dt.timedelta(minutes=1))
    assert got == want and path.read_bytes() == copy.read_bytes()
    assert got == _fresh(path, panel, subs2)
    wb = openpyxl.load_workbook(path)  # the panel types an offer: the file is read again
    ws = wb[C.SHEET_PENAWARAN]
    ws.cell(rows_by_key(ws)[("DINKES", "IK-11")], COL[T_NILAI]).value = 20
    wb.save(path)
    reads.clear()
    _, got = _round(path, panel, subs2, NOW + dt.timedelta(minutes=2), store)
    assert reads == [path]
    assert got == _fresh(path, panel, subs2) and got[0][10]["tawaran_nilai"] == 20


def test_an_unchanged_opd_comes_from_the_cache_at_its_new_rows(tmp_path, monkeypatch):
    """One OPD's indicators change: only that OPD is resolved again; the others' resolutions
    and findings come from the cache, moved to the rows they have now."""
    from lelang_xlsx.agreement import offer_units
    from lelang_xlsx.cache import Cache

    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path, {("DISDIK", "P-01"): {T_NILAI: "banyak", KEP: "Sanggup"}, ("DISDIK", "P-02"): {T_NILAI: 99}},
         extra_row=False)
    store = Cache(tmp_path / "hasil")
    offer_round(path, panel, subs, now=NOW, store=store)
    resolved = []
    real = offer_units.resolve_rows
    monkeypatch.setattr(offer_units, "resolve_rows",
                        lambda *a: resolved.append({s.kode_opd for s, _ in a[-1]}) or real(*a))
    subs2 = [big_dinkes(add=True)] + subs[1:]  # DINKES gains a row: DISDIK's rows move down one
    upd, got = _round(path, panel, subs2, NOW + dt.timedelta(minutes=1), store)
    assert upd.status == UPDATED and resolved == [{"DINKES"}]
    assert got == _fresh(path, panel, subs2)
    ws = openpyxl.load_workbook(path)[C.SHEET_PENAWARAN]
    rows = rows_by_key(ws)
    by_cell = {(f.code, f.cell) for f in got[1] if f.kode_opd == "DISDIK"}
    assert by_cell == {("LK506", f"{col_letter(COL[T_NILAI])}{rows[('DISDIK', 'P-01')]}"),
                       ("LK502", f"{col_letter(COL[KEP])}{rows[('DISDIK', 'P-02')]}")}
    assert [r["row"] for r in got[0] if r["kode_opd"] == "DISDIK"] == [rows[("DISDIK", "P-01")], rows[("DISDIK", "P-02")]]


def test_the_stage_kept_without_indicators_gives_the_same_offers(tmp_path, monkeypatch):
    """The offer stage's result kept for a run where its inputs did not change gives the same
    resolutions (with the submissions' own indicators), findings, sessions and digests."""
    import shutil

    from lelang_xlsx.auction import Auction
    from lelang_xlsx.cache import Cache
    from lelang_xlsx.pipeline import check_and_report, offers_stage

    from .test_run import SAMPLES

    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    auction = Auction.at(root)
    result = check_and_report(auction, write=False).result
    first = offers_stage(auction, result, now=NOW, cache=Cache(auction.hasil))
    cache = Cache(auction.hasil)
    from lelang_xlsx.agreement import offers

    monkeypatch.setattr(offers, "offer_round", None)  # the kept result, not the round again
    again = offers_stage(auction, result, now=NOW, cache=cache)
    assert again[0].status == UNCHANGED and first[2] == again[2]
    assert [vars(r) for r in first[1]] == [vars(r) for r in again[1]] and first[1]
    by_code = {(s.kode_opd, i.kode): i for s in result.valid_submissions for i in s.indicators}
    assert all(r.indicator is by_code[(r.kode_opd, r.indicator.kode)] for r in again[1])
    assert (again[0].sessions, again[0].offer_digests) == (first[0].sessions, first[0].offer_digests)


def test_an_early_1900_date_typed_by_the_panel_survives_every_rewrite(tmp_path):
    """A date before 1 March 1900 in a panel column (Excel's 1900 leap-year bug) reads back
    the same after the tool writes the file again, twice: it does not move by a day per
    write, and the rows as written say what the file holds."""
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path, HOSTILE)

    def typed() -> object:
        rows = read_workbook(path, OFFER_LIMITS).sheets[C.SHEET_PENAWARAN].rows
        row = next(cells for r, cells in rows.items() if r > 1 and cells.get(3) and cells[3].value == "IK-06")
        return row[COL[T_NILAI]].value

    before = typed()
    assert isinstance(before, dt.datetime) and before < dt.datetime(1900, 3, 1)
    for n, add in enumerate((True, False), start=1):  # an indicator added, then removed: rewritten each time
        upd, got = _round(path, panel, [big_dinkes(add=add)] + subs[1:], NOW + dt.timedelta(minutes=n))
        assert upd.status == UPDATED
        assert typed() == before
        assert got[3] == _fresh(path, panel, [big_dinkes(add=add)] + subs[1:])[3]
