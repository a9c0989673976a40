"""hasil/per-opd/ copies: a hard link where the file system allows, else a real copy;
either way the per-OPD file holds the annotated copy's bytes and no temporary is left."""

import os

from lelang_xlsx.reading import files
from lelang_xlsx.reading.files import place_copy, sha256_file


def test_linked_when_possible(tmp_path):
    src = tmp_path / "umpan-balik" / "A.xlsx"
    src.parent.mkdir()
    src.write_bytes(b"salinan beranotasi")
    dest = tmp_path / "per-opd" / "A" / "A.xlsx"
    place_copy(src, dest)
    assert dest.read_bytes() == src.read_bytes() and os.path.samefile(src, dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["A.xlsx"]


def test_copied_when_links_are_refused(tmp_path, monkeypatch):
    src = tmp_path / "A.xlsx"
    src.write_bytes(b"isi")
    dest = tmp_path / "out" / "A.xlsx"
    dest.parent.mkdir()
    dest.write_bytes(b"versi lama")

    def refuse(a, b):
        raise OSError("no links here")

    monkeypatch.setattr(files.os, "link", refuse)
    place_copy(src, dest)
    assert dest.read_bytes() == b"isi" and not os.path.samefile(src, dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["A.xlsx"]


def test_digest_follows_the_content(tmp_path):
    p = tmp_path / "a.bin"
    p.write_bytes(b"satu")
    first = sha256_file(p)
    p.write_bytes(b"dua!")  # same size, new content: the change time moves
    assert sha256_file(p) != first
