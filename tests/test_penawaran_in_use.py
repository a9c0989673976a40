"""penawaran.xlsx is the panel's file (issue 22 item 11): a run never overwrites it while
the panel has it open, nor after the panel saved it during the run."""

import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main

from .agreement_support import register, session_cells, set_session
from .support import fill_form, new_auction, sha


def _two_rounds(tmp_path):
    """A first run made penawaran.xlsx; the panel closed DINKES's session in it; then
    DISHUB sent its form (so the next run has to add DISHUB's rows to the file)."""
    auction = new_auction(tmp_path)
    blank = auction.formulir / "DINKES.xlsx"
    fill_form(blank, auction.masuk / "DINKES.xlsx")
    res = CliRunner().invoke(main, ["run", str(auction.root), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    set_session(auction.penawaran, "DINKES", "Ya")
    fill_form(blank, auction.masuk / "DISHUB.xlsx", identity={"Kode OPD": "DISHUB", "Nama OPD": "Dinas Perhubungan"})
    return auction


@pytest.mark.parametrize("lock_name", ["~$penawaran.xlsx", ".~lock.penawaran.xlsx#"])
def test_an_open_penawaran_is_not_written(tmp_path, lock_name):
    auction = _two_rounds(tmp_path)
    (auction.root / lock_name).write_bytes(b"panel")  # Excel / LibreOffice has it open
    before = sha(auction.penawaran)
    res = CliRunner().invoke(main, ["run", str(auction.root), "--jobs", "1"])
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())
    assert f"penawaran.xlsx sedang dibuka di program lembar kerja ({lock_name} ada)" in out
    assert "Simpan dan tutup penawaran.xlsx, lalu jalankan ulang" in out and "Traceback" not in out
    assert sha(auction.penawaran) == before  # the panel's file as it is
    assert not list(auction.pakta.glob("*.docx")) if auction.pakta.is_dir() else True
    # closed: the run goes on from the panel's entries
    (auction.root / lock_name).unlink()
    res = CliRunner().invoke(main, ["run", str(auction.root), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "Pakta baru terbit: DINKES" in res.output
    assert "DISHUB" in session_cells(auction.penawaran)


@pytest.mark.parametrize("when", ["offer_units.merge_opd", "offer_write.patch"])  # before the backup / while writing
def test_a_penawaran_saved_during_the_run_is_kept(tmp_path, monkeypatch, when):
    import importlib

    module, name = when.split(".")
    module = importlib.import_module(f"lelang_xlsx.agreement.{module}")
    auction = _two_rounds(tmp_path)
    set_session(auction.penawaran, "DINKES", None)  # not closed yet when the run reads it
    real = getattr(module, name)
    saved = []

    def panel_saves_meanwhile(*args, **kwargs):  # after the read, before the file is replaced
        if not saved:
            set_session(auction.penawaran, "DINKES", "Ya")
            saved.append(sha(auction.penawaran))
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, panel_saves_meanwhile)
    res = CliRunner().invoke(main, ["run", str(auction.root), "--jobs", "1", "--no-cache"])
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())
    assert "penawaran.xlsx disimpan oleh Tim Penilai selama proses berjalan: berkas itu tidak ditimpa" in out
    assert "Jalankan ulang" in out
    assert session_cells(auction.penawaran)["DINKES"][1] == "Ya"  # the panel's save survived
    assert sha(auction.penawaran) == saved[0]  # byte for byte the panel's file
    assert not (auction.hasil / "kesepakatan.json").exists() or "DINKES" not in register(auction.root)
    monkeypatch.undo()
    res = CliRunner().invoke(main, ["run", str(auction.root), "--jobs", "1"])  # the re-run reads the panel's save
    assert res.exit_code == 0, res.output
    assert "Pakta baru terbit: DINKES" in res.output
