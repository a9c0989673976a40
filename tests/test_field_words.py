"""Issue 22 item 9: words and numbers as the secretariat and the panel read them."""

from __future__ import annotations

from click.testing import CliRunner

from lelang_xlsx.cli import main


def _invoke(*args):
    res = CliRunner().invoke(main, list(args), prog_name="lelang")
    assert "Traceback" not in res.output
    return res


def test_usage_error_for_a_missing_folder_is_indonesian(tmp_path):
    res = _invoke("run", str(tmp_path / "tidak-ada"))
    assert res.exit_code == 2
    assert "Penggunaan: lelang run [OPSI] FOLDER" in res.output
    assert "Coba 'lelang run --help' untuk bantuan." in res.output
    assert f"Galat: Nilai tidak sah untuk 'FOLDER': Folder '{tmp_path / 'tidak-ada'}' tidak ada." in res.output
    for english in ("Usage:", "Error:", "Try '", "Invalid value", "does not exist"):
        assert english not in res.output


def test_other_usage_errors_are_indonesian():
    assert "Argumen belum diisi 'FOLDER'." in _invoke("run").output
    assert "'x' bukan angka yang sah." in _invoke("run", "--jobs", "x", ".").output
    assert "'xml' bukan salah satu dari 'text', 'json'." in _invoke("check", "--format", "xml", ".").output
    assert "Perintah 'frob' tidak dikenal." in _invoke("frob").output
    assert "Opsi '--bogus' tidak dikenal." in _invoke("run", "--bogus", ".").output


def test_help_headings_are_indonesian():
    for args in (["--help"], ["run", "--help"], ["eval", "run", "--help"]):
        out = _invoke(*args).output
        assert out.startswith("Penggunaan: lelang") and "\nOpsi:\n" in out
        assert "Usage:" not in out and "Options:" not in out and "INTEGER" not in out
    assert "\nPerintah:\n" in _invoke("--help").output
    assert "-j, --jobs ANGKA" in _invoke("run", "--help").output
