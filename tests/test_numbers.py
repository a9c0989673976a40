"""The number reader: Indonesian style, never guesses, never crashes."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lelang_xlsx.reading.numbers import AMBIGUOUS, INVALID, TEXT_NUMBER, is_year, parse_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("1,234.5", 1234.5),
        ("12.5", 12.5),
        ("0,234", 0.234),
        ("85%", 85),
        ("  42 ", 42),
        ("-3,25", -3.25),
        ("1 234", 1234),
        ("100,00", 100),
    ],
)
def test_unambiguous_texts_are_read(text, value):
    p = parse_number(text)
    assert p.kind == TEXT_NUMBER
    assert p.value == pytest.approx(value)


@pytest.mark.parametrize("text, a, b", [("1.234", 1234, 1.234), ("1,234", 1234, 1.234), ("12.500", 12500, 12.5), ("-1.000", -1000, -1.0)])
def test_ambiguous_texts_are_never_guessed(text, a, b):
    p = parse_number(text)
    assert p.kind == AMBIGUOUS
    assert p.value is None
    assert sorted(p.alternatives) == sorted([a, b])


@pytest.mark.parametrize("text", ["", "abc", "± 120 kasus", "1.23.4", "12,3,4", "1e5", "=1+1", "1,2.3,4", "%", "--1"])
def test_invalid_texts(text):
    assert parse_number(text).kind == INVALID


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=30))
def test_never_raises_on_any_text(text):
    p = parse_number(text)
    assert p.kind in (TEXT_NUMBER, AMBIGUOUS, INVALID)
    if p.kind != TEXT_NUMBER:
        assert p.value is None


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999), st.integers(0, 999), st.sampled_from([".", ","]), st.sampled_from(["", "-", "+"]))
def test_one_group_of_three_is_always_ambiguous(head, tail, sep, sign):
    text = f"{sign}{head}{sep}{tail:03d}"
    assert parse_number(text).kind == AMBIGUOUS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,-+% ", min_size=1, max_size=14))
def test_a_read_number_has_exactly_one_reading(text):
    p = parse_number(text)
    if p.kind == TEXT_NUMBER:
        compact = re.sub(r"\s", "", text).lstrip("+-").rstrip("%")
        # the ambiguous shape d{1,3}[.,]ddd is never read
        assert not re.fullmatch(r"[1-9]\d{0,2}[.,]\d{3}", compact)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_indonesian_formatting_round_trips(d):
    from lelang_xlsx.output.textfmt import number

    text = number(float(d))
    p = parse_number(text)
    if p.kind == TEXT_NUMBER:
        assert p.value == pytest.approx(float(d), abs=1e-3)
    else:  # '1.234' style output is ambiguous by design, never misread
        assert p.kind == AMBIGUOUS


def test_years():
    assert is_year(2018) == 2018
    assert is_year(2018.0) == 2018
    assert is_year(" 2017 ") == 2017
    assert is_year("18") is None
    assert is_year(True) is None
    assert is_year(3000) is None
