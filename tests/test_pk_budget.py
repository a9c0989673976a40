"""Budget text as typed in Indonesian offices: read when one reading is possible."""

import pytest

from lelang_xlsx.pk.budget import parse_budget, rupiah


@pytest.mark.parametrize("text, value", [
    ("Rp 1.250.000.000", 1_250_000_000), ("Rp1.250.000.000,00", 1_250_000_000), ("1.250.000.000,-", 1_250_000_000),
    ("1,25 M", 1_250_000_000), ("Rp 1,5 miliar", 1_500_000_000), ("750 juta", 750_000_000), ("IDR 2.000.000", 2_000_000),
    ("1250000000", 1_250_000_000),
])
def test_read(text, value):
    assert parse_budget(text).value == value


@pytest.mark.parametrize("text, problem", [
    ("1.250", "dapat dibaca Rp 1.250 atau Rp 1,25"), ("sekitar 1 M", "bukan angka rupiah"),
    ("12,5", "rupiah tidak berdesimal"), ("5 kg", "satuan 'kg' tidak dikenal"), ("", "bukan angka rupiah"),
])
def test_not_guessed(text, problem):
    b = parse_budget(text)
    assert b.value is None and b.problem == problem


def test_rupiah_format():
    assert rupiah(1_250_000_000) == "Rp 1.250.000.000"
    assert rupiah(0) == "Rp 0"


def test_budget_text_in_a_form_is_read_where_unambiguous(tmp_path):
    import shutil

    from lelang_xlsx.pk.check_stage import check_round
    from lelang_xlsx.pk.setup import prepare

    from .pk_support import RUSAK, YEAR, masuk, pk_auction

    root = pk_auction(tmp_path, with_samples=False)
    shutil.copy(RUSAK / "LK303_anggaran_rp_teks.xlsx", masuk(root) / "a.xlsx")
    sub = check_round(prepare(root, YEAR)).submissions[0]
    assert [p.anggaran for p in sub.programs[:3]] == [1_250_000_000, 1_250_000_000, 1_250_000_000]
