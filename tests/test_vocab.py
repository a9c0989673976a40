"""The direction logic of Naik / Turun / Tetap, in one place (lelang_xlsx/vocab.py): the
recap's improvement column and the offer round's LK504 both use it."""

from lelang_xlsx import vocab
from lelang_xlsx.agreement import offer_resolve
from lelang_xlsx.recap import build


def test_direction_by_polarity():
    assert vocab.polarity(" naik ") == "Naik" and vocab.polarity("Naik turun") == ""
    assert vocab.tougher_by("Naik", 80, 85) == 5 and vocab.tougher_by("Turun", 80, 75) == 5
    assert vocab.tougher_by("Tetap", 3.5, 3.0) == -0.5  # no direction: the raw difference
    assert vocab.easier("Naik", 80, 79) and vocab.easier("Turun", 80, 81) and not vocab.easier("Tetap", 80, 90)
    assert vocab.improvement("Turun", 104.5, 80.0) == (104.5 - 80.0) / 104.5 * 100
    assert vocab.improvement("Naik", 0, 5) is None and vocab.improved("Naik", 0, 5) is True
    assert vocab.improved("Tetap", 3.5, 3.5) is True and vocab.improved("Turun", 3.5, 4.0) is False


def test_the_callers_use_the_one_definition():
    assert build.improvement is vocab.improvement and build.improved is vocab.improved
    assert offer_resolve.tougher_by is vocab.tougher_by and offer_resolve.easier is vocab.easier
