"""A read-only hasil/pakta/ (issue 22 item 16): archiving is all-or-nothing, the run says which
folder in Indonesian (no traceback), and the run after the permissions are back leaves no duplicate."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from lelang_xlsx.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _read_only(monkeypatch, folder: Path) -> None:
    """What a read-only folder does (root bypasses chmod): no rename out of it, no removal in it."""
    real_replace, real_unlink = os.replace, Path.unlink

    def replace(src, dst, *a, **k):
        if Path(src).parent == folder:
            raise PermissionError(13, "Permission denied", str(src))
        return real_replace(src, dst, *a, **k)

    def unlink(self, *a, **k):
        if self.parent == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_unlink(self, *a, **k)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)


def test_read_only_pakta_folder_leaves_no_orphan_and_no_duplicate(tmp_path, monkeypatch):
    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    pakta, arsip = root / "hasil" / "pakta", root / "hasil" / "arsip"
    (pakta / "catatan-sekretariat.txt").write_text("bukan pakta", encoding="utf-8")
    before = sorted(p.name for p in arsip.rglob("*")) if arsip.exists() else []

    with monkeypatch.context() as m:
        _read_only(m, pakta)
        res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 2, res.output
    after = sorted(p.name for p in arsip.rglob("*")) if arsip.exists() else []
    assert after == before  # no archive copy left behind without its original removed
    assert (pakta / "catatan-sekretariat.txt").is_file()
    assert "Traceback" not in res.output and isinstance(res.exception, SystemExit)
    assert str(pakta) in res.output and "catatan-sekretariat.txt" in res.output and "izin tulis" in res.output

    res = CliRunner().invoke(main, ["run", str(root)])
    assert res.exit_code == 0, res.output
    assert not (pakta / "catatan-sekretariat.txt").exists()
    archived = [p.name for p in arsip.rglob("catatan-sekretariat*")]
    assert len(archived) == 1 and "-2." not in archived[0], archived
    assert (arsip.rglob("catatan-sekretariat*").__next__()).read_text(encoding="utf-8") == "bukan pakta"


def test_across_file_systems_a_failed_removal_undoes_the_copy(tmp_path, monkeypatch):
    import errno

    import pytest

    from lelang_xlsx.agreement import archive
    from lelang_xlsx.errors import OutputError

    hasil, pakta = tmp_path / "hasil", tmp_path / "hasil" / "pakta"
    pakta.mkdir(parents=True)
    (pakta / "DINKES_lama.docx").write_bytes(b"pakta lama")
    monkeypatch.setattr(os, "replace", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EXDEV, "Invalid cross-device link")))
    real_unlink = Path.unlink
    monkeypatch.setattr(Path, "unlink", lambda self, *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if self.parent == pakta else real_unlink(self, *a, **k))
    with pytest.raises(OutputError, match="hanya-baca"):
        archive.archive_file(hasil, pakta / "DINKES_lama.docx", "20190101-000000")
    assert (pakta / "DINKES_lama.docx").read_bytes() == b"pakta lama"
    assert not list((hasil / "arsip").glob("*"))
