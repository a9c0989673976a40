import pytest

from lelang_xlsx.reading.nip import check_nip
from lelang_xlsx.output.textfmt import nip_spaced


def test_valid_spaced_nip():
    digits, problem = check_nip("19680411 199303 1 009")
    assert problem is None
    assert digits == "196804111993031009"
    assert nip_spaced(digits) == "19680411 199303 1 009"


@pytest.mark.parametrize(
    "value, fragment",
    [
        (196804111993031009, "angka"),
        (1.96804111993031e17, "angka"),
        ("19680411 199303 1 00", "17 digit"),
        ("19681311 199303 1 009", "tanggal lahir"),
        ("19680411 199313 1 009", "TMT"),
        ("19680411 196503 1 009", "sebelum tanggal lahir"),
        ("19680411 199303 3 009", "jenis kelamin"),
        ("1968041A 199303 1 009", "angka saja"),
    ],
)
def test_invalid_nips(value, fragment):
    _, problem = check_nip(value)
    assert problem and fragment in problem
