"""The status of a quarter (docs/pantau.md): every number below is computed by hand in the
comment next to it, one case per Sifat Data and polarity, Tetap with and without tolerance."""

from __future__ import annotations

import pytest

from lelang_xlsx.pantau.status import Setting, achievement, light, quarter_status


def caps(st):
    return [q.capaian for q in st.quarters]


def lights(st):
    return [q.lampu for q in st.quarters]


def test_kumulatif_naik_behind_is_red_and_projected():
    # 300 new entrepreneurs a year, cumulative path 60/140/220/300; realised 40, 90, 150 so far.
    st = quarter_status("Kumulatif", "Naik", 300, [60, 140, 220, 300], [40, 90, 150, None], 3)
    # 40/60 = 66.67; 90/140 = 64.29; 150/220 = 68.18
    assert caps(st) == [66.67, 64.29, 68.18]
    assert lights(st) == ["merah", "merah", "merah"] and st.lampu == "merah"
    # year end at this pace: 150 × 300 / 220 = 204.5455 -> 68.18 % -> Sedang
    assert st.dilaporkan == 3 and st.proyeksi == pytest.approx(204.5455)
    assert st.capaian_proyeksi == 68.18 and st.kategori == "Sedang"


def test_kumulatif_turun_accidents():
    # 523 accidents allowed in the year, cumulative 130/260/390/523; 120, 250, 420 happened.
    st = quarter_status("Kumulatif", "Turun", 523, [130, 260, 390, 523], [120, 250, 420], 3)
    # (2 − 120/130) = 107.69; (2 − 250/260) = 103.85; (2 − 420/390) = 92.31
    assert caps(st) == [107.69, 103.85, 92.31]
    assert lights(st) == ["hijau", "hijau", "kuning"]
    # 420 × 523 / 390 = 563.2308; (2 − 563.2308/523) = 92.31 -> Sangat Tinggi
    assert st.proyeksi == pytest.approx(563.2308) and st.capaian_proyeksi == 92.31
    assert st.kategori == "Sangat Tinggi"


def test_nilai_akhir_naik_unreported_quarter_is_grey():
    # APM 88.06 at year end: 85, 86, 87, 88.06; TW III not reported yet.
    st = quarter_status("Nilai Akhir", "Naik", 88.06, [85, 86, 87, 88.06], [85.5, 86.2, None], 3)
    # 85.5/85 = 100.59; 86.2/86 = 100.23; TW III grey
    assert caps(st) == [100.59, 100.23, None]
    assert lights(st) == ["hijau", "hijau", "abu-abu"] and st.lampu == "abu-abu"
    # the latest level 86.2 is the projection: 86.2/88.06 = 97.89 -> Sangat Tinggi
    assert st.dilaporkan == 2 and st.proyeksi == 86.2 and st.capaian_proyeksi == 97.89
    assert st.kategori == "Sangat Tinggi"


def test_nilai_akhir_turun_stunting_getting_worse():
    st = quarter_status("Nilai Akhir", "Turun", 18.5, [21, 20, 19.5, 18.5], [21.5, 21.8, 26], 3)
    # (2 − 21.5/21) = 97.62; (2 − 21.8/20) = 91.0; (2 − 26/19.5) = 66.67
    assert caps(st) == [97.62, 91.0, 66.67]
    assert lights(st) == ["kuning", "kuning", "merah"]
    # projection 26: (2 − 26/18.5) = 59.46 -> Rendah
    assert st.proyeksi == 26 and st.capaian_proyeksi == 59.46 and st.kategori == "Rendah"


def test_rata_rata_turun_compares_means():
    # permit days, year mean 5: 6, 5, 5, 4; realised 6, 5.5, 6.1
    st = quarter_status("Rata-rata", "Turun", 5, [6, 5, 5, 4], [6, 5.5, 6.1], 3)
    q = st.quarters
    # TW I 6 vs 6 -> 100; TW II mean 5.75 vs 5.5 -> (2 − 1.045455) = 95.45;
    # TW III mean 5.8667 vs 5.3333 -> (2 − 1.1) = 90.0
    assert [x.nilai for x in q] == [6, 5.75, pytest.approx(5.8667, abs=1e-4)]
    assert [x.target for x in q] == [6, 5.5, pytest.approx(5.3333, abs=1e-4)]
    assert caps(st) == [100.0, 95.45, 90.0]
    assert lights(st) == ["hijau", "kuning", "kuning"]
    # projection: the mean so far 5.8667: (2 − 5.8667/5) = 82.67 -> Tinggi
    assert st.proyeksi == pytest.approx(5.8667, abs=1e-4) and st.capaian_proyeksi == 82.67
    assert st.kategori == "Tinggi"


def test_rata_rata_naik():
    # length of stay 1.81 nights: 1.7, 1.8, 1.9, 1.84 (mean 1.81); realised 1.7, 1.9
    st = quarter_status("Rata-rata", "Naik", 1.81, [1.7, 1.8, 1.9, 1.84], [1.7, 1.9], 2)
    # TW II: mean 1.8 vs mean 1.75 -> 102.86
    assert caps(st) == [100.0, 102.86] and st.lampu == "hijau"
    # 1.8 / 1.81 = 99.45 -> Sangat Tinggi
    assert st.capaian_proyeksi == 99.45


def test_tetap_with_and_without_tolerance():
    # inflation 3.5 ± 1, a level (Nilai Akhir); realised 4.2, 4.8, 5.1
    args = ("Nilai Akhir", "Tetap", 3.5, [3.5] * 4, [4.2, 4.8, 5.1], 3)
    st = quarter_status(*args, toleransi=1)
    # |4.2 − 3.5| = 0.7 inside the band -> 100; 1.3 − 1 = 0.3 -> 1 − 0.3/3.5 = 91.43; 0.6 -> 82.86
    assert caps(st) == [100.0, 91.43, 82.86]
    assert lights(st) == ["hijau", "kuning", "kuning"]
    assert st.capaian_proyeksi == 82.86 and st.kategori == "Tinggi"
    plain = quarter_status(*args)
    # without a tolerance: 1 − 0.7/3.5 = 80; 1 − 1.3/3.5 = 62.86; 1 − 1.6/3.5 = 54.29
    assert caps(plain) == [80.0, 62.86, 54.29]
    assert lights(plain) == ["kuning", "merah", "merah"]
    # below the target the band works the same way: 2.8 is 0.7 under -> 100
    assert achievement("Tetap", 2.8, 3.5, Setting(), 1) == 100.0
    assert achievement("Tetap", 2.0, 3.5, Setting(), 1) == 85.71  # 1.5 − 1 = 0.5 -> 1 − 0.5/3.5


def test_tetap_rata_rata_with_tolerance():
    st = quarter_status("Rata-rata", "Tetap", 3.5, [3.5] * 4, [3.0, 2.0], 2, toleransi=0.5)
    # mean 2.5 vs 3.5: 1.0 − 0.5 = 0.5 -> 85.71
    assert caps(st) == [100.0, 85.71]


def test_nothing_reported_is_grey_without_projection():
    st = quarter_status("Kumulatif", "Naik", 300, [60, 140, 220, 300], [None] * 4, 2)
    assert lights(st) == ["abu-abu", "abu-abu"]
    assert st.dilaporkan == 0 and st.proyeksi is None and st.kategori == ""


def test_cap_and_light_edges():
    assert achievement("Naik", 150, 100, Setting(cap=120)) == 120.0
    assert achievement("Naik", 150, 100, Setting(cap=110)) == 110.0
    assert [light(x) for x in (100, 99.99, 76, 75.99, None)] == ["hijau", "kuning", "kuning", "merah", "abu-abu"]


def test_unknown_sifat_data_raises():
    with pytest.raises(ValueError):
        quarter_status("Bulanan", "Naik", 1, [1] * 4, [1], 1)


def test_turun_follows_the_panels_formula():
    # R = 5,5 against T = 5 (a Turun indicator, worse than target): (2 − 5,5/5) × 100 = 90;
    # 5/5,5 × 100 = 90,909… -> 90,91. Both under the cap, so the formula alone decides.
    assert achievement("Turun", 5.5, 5, Setting(turun="2 - R/T")) == 90.0
    assert achievement("Turun", 5.5, 5, Setting(turun="T/R")) == 90.91
    assert achievement("Turun", 5.5, 5, Setting()) == 90.0  # the panel's default
    st = quarter_status("Nilai Akhir", "Turun", 5, [5, 5, 5, 5], [5.5, None, None, None], 1, Setting(turun="T/R"))
    assert st.quarters[0].capaian == 90.91


def test_a_kept_status_answers_only_the_same_inputs():
    """The status is kept for its exact inputs (a worker's checks and its piece ask twice):
    a value changed in the same list, an int where a float was, or -0.0 for 0.0 is computed anew."""
    targets, values = [60.0, 140.0, 220.0, 300.0], [40.0, 90.0, 150.0, None]
    first = quarter_status("Kumulatif", "Naik", 300.0, targets, values, 3)
    assert quarter_status("Kumulatif", "Naik", 300.0, list(targets), list(values), 3) is first  # kept
    values[2] = 220.0  # the same list, edited: 220/220 = 100
    again = quarter_status("Kumulatif", "Naik", 300.0, targets, values, 3)
    assert caps(again) == [66.67, 64.29, 100.0] and again.proyeksi == 300.0
    path = [60.0, 140.0, 220.0, 300.0]
    floats = quarter_status("Nilai Akhir", "Naik", 300.0, path, [60.0, 140.0, 220.0, 300.0], 4)
    ints = quarter_status("Nilai Akhir", "Naik", 300.0, path, [60.0, 140.0, 220.0, 300], 4)
    assert type(floats.quarters[3].nilai) is float and type(ints.quarters[3].nilai) is int  # as given
    zeros = [quarter_status("Nilai Akhir", "Turun", 5.0, [4.0, 3.0, 2.0, 1.0], [z, None, None, None], 1)
             for z in (0.0, -0.0)]
    assert [str(st.quarters[0].nilai) for st in zeros] == ["0.0", "-0.0"]
