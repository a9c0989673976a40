"""The agreed yearly path, every branch with hand-computed values."""

from __future__ import annotations

import pytest

from lelang_xlsx.agreement.path import agreed_path, decimals_of, fill_path, round_half_up
from lelang_xlsx.model import ACCEPTED, INVALID, NO_OFFER, REFUSED, UNDECIDED, Indicator, Resolution

YEARS = range(2019, 2024)


def targets(*values):
    return dict(zip(YEARS, values))


def test_no_offer_keeps_the_opd_path():
    p = targets(115, 110, 100, 95, 90)
    assert agreed_path(YEARS, "Turun", 2017, 120.0, p, None) == {2019: 115, 2020: 110, 2021: 100, 2022: 95, 2023: 90}


def test_sanggup_with_an_earlier_year_naik():
    # line (2017, 80.5) -> (2022, 98): slope 3.5 -> 87.5, 91.0, 94.5; from 2022 on: 98
    p = targets(83, 86, 89, 92, 95)
    assert agreed_path(YEARS, "Naik", 2017, 80.5, p, (98.0, 2022)) == {
        2019: 87.5, 2020: 91.0, 2021: 94.5, 2022: 98.0, 2023: 98.0}


def test_sanggup_on_a_turun_indicator_rounds_half_up():
    # line (2017, 120) -> (2023, 85): slope -35/6 -> 108.33, 102.5, 96.67, 90.83; all tougher than P
    # decimals: none used -> 108, 103 (half up, not 102), 97, 91, 85
    p = targets(115, 110, 100, 95, 90)
    assert agreed_path(YEARS, "Turun", 2017, 120.0, p, (85.0, 2023)) == {
        2019: 108, 2020: 103, 2021: 97, 2022: 91, 2023: 85}


def test_turun_never_past_the_agreed_value():
    # line (2017, 100) -> (2022, 85): 94, 91, 88; P is tougher from 2020 but never past 85
    p = targets(90, 80, 80, 78, 75)
    assert agreed_path(YEARS, "Turun", 2017, 100.0, p, (85.0, 2022)) == {
        2019: 90, 2020: 85, 2021: 85, 2022: 85, 2023: 85}


def test_naik_own_target_tougher_than_the_line_is_kept():
    # line (2017, 80) -> (2023, 96): 85.33, 88, 90.67, 93.33; P 2019 = 83 is easier, so the line
    p = targets(83, 89, 89, 92, 95)
    assert agreed_path(YEARS, "Naik", 2017, 80.0, p, (96.0, 2023)) == {
        2019: 85, 2020: 89, 2021: 91, 2022: 93, 2023: 96}


def test_tidak_sanggup_with_negotiated_value_and_year():
    # Tahun Disepakati 2022: line (2017, 10.0) -> (2022, 10.7): 10.28, 10.42, 10.56 -> one decimal
    p = targets(10.1, 10.2, 10.3, 10.4, 11.0)
    assert agreed_path(YEARS, "Naik", 2017, 10.0, p, (10.7, 2022)) == {
        2019: 10.3, 2020: 10.4, 2021: 10.6, 2022: 10.7, 2023: 10.7}


def test_tetap_own_path_until_the_agreed_year():
    p = targets(10, 10, 10, 11, 11)
    assert agreed_path(YEARS, "Tetap", 2017, 10.0, p, (10.5, 2022)) == {
        2019: 10.0, 2020: 10.0, 2021: 10.0, 2022: 10.5, 2023: 10.5}


def test_rounding_uses_the_offer_decimals():
    # integers everywhere but the offer 97.5: one decimal. line (2017, 80) -> (2023, 97.5): 85.83, 88.75, 91.67, 94.58
    p = targets(83, 86, 89, 92, 95)
    assert agreed_path(YEARS, "Naik", 2017, 80.0, p, (97.5, 2023)) == {
        2019: 85.8, 2020: 88.8, 2021: 91.7, 2022: 94.6, 2023: 97.5}


def test_percent_unit_stays_within_0_100():
    # line (2017, 90) -> (2021, 100): 95, 97.5 (no decimals used: 98); from 2021 on 100
    p = targets(92, 94, 96, 98, 99)
    out = agreed_path(YEARS, "Naik", 2017, 90.0, p, (100.0, 2021), satuan="%")
    assert out == {2019: 95.0, 2020: 98.0, 2021: 100.0, 2022: 100.0, 2023: 100.0}
    assert all(0 <= v <= 100 for v in out.values())


def test_missing_baseline_uses_the_opd_path_before_the_year():
    p = targets(83, 86, 89, 92, 95)
    assert agreed_path(YEARS, "Naik", None, None, p, (97.0, 2022)) == {
        2019: 83, 2020: 86, 2021: 89, 2022: 97, 2023: 97}


def test_decimals_and_half_up():
    assert decimals_of(104.5) == 1 and decimals_of(0.125) == 3 and decimals_of(7.0) == 0 and decimals_of(None) == 0
    assert round_half_up(2.5, 0) == 3 and round_half_up(-2.5, 0) == -3 and round_half_up(1.005, 2) == 1.01


def _res(status, **kw):
    ind = Indicator(row=2, kode="IK-02", polaritas="Naik", satuan="%", tahun_dasar=2017, nilai_dasar=80.0,
                    targets=targets(83, 86, 89, 92, 95))
    r = Resolution("DINKES", "Dinas Kesehatan", ind, 95.0, 2023, status=status)
    for k, v in kw.items():
        setattr(r, k, v)
    return r


@pytest.mark.parametrize("res, expected", [
    (_res(NO_OFFER, disepakati_nilai=95.0, disepakati_tahun=2023), {2019: 83, 2020: 86, 2021: 89, 2022: 92, 2023: 95}),
    # Tidak Sanggup, no negotiated value: the proposal stands, so does the OPD's path
    (_res(REFUSED, tawaran_nilai=98.0, tawaran_tahun=2023, disepakati_nilai=95.0, disepakati_tahun=2023),
     {2019: 83, 2020: 86, 2021: 89, 2022: 92, 2023: 95}),
    # Tidak Sanggup with 96 by 2023: line (2017, 80) -> (2023, 96) = 85.33, 88, 90.67, 93.33
    (_res(REFUSED, tawaran_nilai=98.0, tawaran_tahun=2023, disepakati_nilai=96.0, disepakati_tahun=2023, negosiasi=True),
     {2019: 85, 2020: 88, 2021: 91, 2022: 93, 2023: 96}),
    # Sanggup 98 by 2022: line (2017, 80) -> (2022, 98) = 87.2, 90.8, 94.4
    (_res(ACCEPTED, tawaran_nilai=98.0, tawaran_tahun=2022, disepakati_nilai=98.0, disepakati_tahun=2022),
     {2019: 87, 2020: 91, 2021: 94, 2022: 98, 2023: 98}),
    (_res(UNDECIDED, tawaran_nilai=98.0), {}),
    (_res(INVALID), {}),
])
def test_fill_path_per_status(res, expected):
    fill_path(res, YEARS)
    assert res.tahunan == expected


def test_hostile_magnitudes_give_values_or_none_never_an_exception():
    p = targets(83, 86, 89, 92, 95)
    out = agreed_path(YEARS, "Naik", 2017, 80.0, p, (1e308, 2022))
    assert out[2022] == 1e308 and out[2023] == 1e308
    out = agreed_path(YEARS, "Naik", 2017, -1e308, p, (1e308, 2022))
    assert all(v is None or v == v for v in out.values())  # no NaN
    assert agreed_path(YEARS, "Turun", 2017, 5.0, p, (float("inf"), 2022)) == p
    assert round_half_up(1e20, 2) == 1e20
