"""Loading the register serialises each version once for its own seal and its record's
(agreement/register.py ``_sealed``): the seals found must be exactly the ones the write side
computes, and any edit must still be caught."""

from __future__ import annotations

import copy

import pytest

from lelang_xlsx.agreement import register as R

EDITED = "diubah di luar pemroses"


def _version(n: int, mulai: int) -> dict:
    return R.seal({"kode_opd": "DINKES", "nama_opd": "Dinas Kesehatan — Kota Malang", "versi": n,
                   "berlaku_mulai": mulai, "alasan": "Lelang Kinerja" if n == 1 else "Mutasi pejabat",
                   "aaa": {"z": [1.5, None, "é"], "a": True}, "zzz": 1e-7, "entry_sha25": "x", "entry_sha257": 2,
                   "indikator": [{"kode": "1.1", "target": {"2020": 97.25, "2021": 98.0}, "satuan": "%"}]})


def _record() -> dict:
    return R.make_record("DINKES", [_version(1, 2019), _version(2, 2021)], dibuka_ulang="2020-03-01T10:00:00")


def test_a_sealed_record_is_trusted_as_the_write_side_sealed_it():
    rec = _record()
    assert R._record("DINKES", copy.deepcopy(rec), R.VERSION, 2019) == rec


def test_a_version_1_entry_becomes_the_record_the_write_side_makes():
    entry = _version(1, 2019)
    del entry["versi"], entry["berlaku_mulai"]
    entry = R.seal(entry)
    assert R._record("DINKES", copy.deepcopy(entry), 1, 2019) == R.make_record("DINKES", [entry])


@pytest.mark.parametrize("where", ["record", "version 1", "version 2", "nested", "seal"])
def test_any_edit_is_still_caught(where):
    rec = _record()
    if where == "record":
        rec["dibuka_ulang"] = "2020-03-02T10:00:00"
    elif where == "version 1":
        rec["versi"][0]["zzz"] = 2e-7
    elif where == "version 2":
        rec["versi"][1]["entry_sha257"] = 3
    elif where == "nested":
        rec["versi"][1]["indikator"][0]["target"]["2021"] = 98.5
    else:
        rec["versi"][0]["entry_sha256"] = R.entry_digest({**rec["versi"][0], "zzz": 0})
    assert EDITED in R._record("DINKES", rec, R.VERSION, 2019)


@pytest.mark.parametrize("where", ["field", "seal"])
def test_an_edited_version_1_entry_is_caught(where):
    entry = R.seal({"kode_opd": "DINKES", "nama_opd": "Dinas Kesehatan", "indikator": []})
    entry["nama_opd" if where == "field" else "entry_sha256"] = "Dinas Kesehatan Kota"
    assert EDITED in R._record("DINKES", entry, 1, 2019)


def test_a_resealed_record_with_a_version_edited_is_caught():
    """The record's seal made right by hand over an edited version: the version's own seal tells."""
    rec = _record()
    rec["versi"][1]["nama_opd"] = "Dinas Kesehatan"
    assert EDITED in R._record("DINKES", R.seal(rec), R.VERSION, 2019)
