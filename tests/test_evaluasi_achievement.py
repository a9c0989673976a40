"""Achievement, predicate and points exactly as docs/design/evaluation.md says (hand-computed values)."""

import pytest

from lelang_xlsx.rounds.scoring import PointsTable, capaian, decision_of, kategori
from lelang_xlsx.evaluasi.evaluate import IndicatorResult, OpdResult, opd_totals, rank


@pytest.mark.parametrize("pol,r,t,expected", [
    ("Naik", 97, 95, 102.11),          # 97/95*100 = 102.105…
    ("Naik", 90, 100, 90.0),
    ("Naik", 150, 100, 120.0),         # capped
    ("Naik", -5, 100, 0.0),            # never below 0
    ("Turun", 60, 56, 92.86),          # (2 - 60/56)*100 = 92.857…
    ("Turun", 8.06, 6.2, 70.0),        # got worse: (2 - 1.3)*100
    ("Turun", 10, 100, 120.0),         # (2 - 0.1)*100 = 190 -> cap
    ("Turun", 250, 100, 0.0),          # (2 - 2.5)*100 < 0 -> 0
    ("Tetap", 3.5, 3.5, 100.0),
    ("Tetap", 3.85, 3.5, 90.0),        # (1 - 0.35/3.5)*100
    ("Tetap", 3.15, 3.5, 90.0),        # both sides count the same
])
def test_capaian_every_polarity(pol, r, t, expected):
    assert capaian(pol, r, t) == expected


def test_zero_target():
    assert capaian("Turun", 0, 0) == 100.0
    assert capaian("Turun", -1, 0) == 100.0
    assert capaian("Turun", 0.5, 0) == 0.0
    assert capaian("Naik", 0, 0) == 100.0
    assert capaian("Tetap", 0, 0) == 100.0
    assert capaian("Tetap", 1, 0) == 0.0


def test_cap_setting():
    assert capaian("Naik", 200, 100, cap=150) == 150.0
    assert capaian("Naik", 130, 100, cap=150) == 130.0


@pytest.mark.parametrize("value,name", [
    (100, "Sangat Tinggi"), (91, "Sangat Tinggi"), (90.99, "Tinggi"), (76, "Tinggi"), (75.99, "Sedang"),
    (66, "Sedang"), (65.99, "Rendah"), (51, "Rendah"), (50.99, "Sangat Rendah"), (0, "Sangat Rendah"),
])
def test_predicate_band_edges(value, name):
    assert kategori(value) == name


def test_achievement_is_rounded_before_banding():
    # 90.995 would round to 91.00 and be Sangat Tinggi; 90.99 stays Tinggi
    assert capaian("Naik", 90.99, 100) == 90.99 and kategori(capaian("Naik", 90.99, 100)) == "Tinggi"
    assert kategori(capaian("Naik", 91, 100)) == "Sangat Tinggi"


@pytest.mark.parametrize("cap,decision,points", [
    (120, "Sanggup", 15.0), (100, "Sanggup", 15.0), (99.99, "Sanggup", 7.5), (91, "Sanggup", 7.5),
    (90.99, "Sanggup", 0.0), (76, "Tanpa Tawaran", 0.0), (75.99, "Sanggup", -5.0), (66, "Tidak Sanggup", -5.0),
    (65.99, "Tidak Sanggup", -10.0), (0, "Sanggup", -10.0), (100, "tanpa tawaran", 10.0), (100, "Tidak Sanggup", 10.0),
])
def test_points_and_weights(cap, decision, points):
    assert PointsTable().points(cap, decision) == points


def test_custom_weights_apply_to_punishment_too():
    table = PointsTable(weights={"Sanggup": (2.0, 0.5), "Tanpa Tawaran": (1.0, 1.0), "Tidak Sanggup": (1.0, 2.0)})
    assert table.points(100, "Sanggup") == 20.0
    assert table.points(50, "Sanggup") == -5.0
    assert table.points(50, "Tidak Sanggup") == -20.0


def test_decision_names():
    assert decision_of("tanpa tawaran") == "Tanpa tawaran"
    assert decision_of("Sanggup") == "Sanggup"
    assert decision_of(None) == "Tanpa tawaran"


def _opd(kode, caps_points):
    r = OpdResult(kode, kode, "dievaluasi")
    r.indicators = [IndicatorResult("k", "M1", "i", "%", "Naik", "Sanggup", 1, capaian=c, poin=p) for c, p in caps_points]
    opd_totals(r)
    return r


def test_totals_and_ranking():
    a = _opd("A", [(102.0, 15.0), (70.0, -5.0), (100.0, 10.0)])
    assert (a.capaian, a.kategori, a.penghargaan, a.sanksi, a.bersih) == (90.67, "Tinggi", 25.0, -5.0, 20.0)
    b = _opd("B", [(120.0, 15.0), (95.0, 5.0)])   # achievement 107.5: ahead of A (ranking basis Capaian)
    c = _opd("C", [(50.0, -10.0)])
    d = _opd("D", [(120.0, 15.0), (95.0, 5.0)])   # exactly equal to B: shares its rank
    waiting = OpdResult("E", "E", "belum mengirim")
    rank([a, b, c, d, waiting])
    assert [(x.kode, x.peringkat) for x in (b, d, a, c, waiting)] == [("B", 1), ("D", 1), ("A", 3), ("C", 4), ("E", 5)]
