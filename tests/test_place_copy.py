"""hasil/per-opd/ copies: always a real copy (never a hard link to the issued pact or the
annotated copy), holding the same bytes, replaced atomically, no temporary left."""

import os

from lelang_xlsx.reading.files import place_copy, sha256_file


def test_a_copy_never_a_link_so_editing_it_leaves_the_issued_file(tmp_path):
    src = tmp_path / "pakta" / "A.docx"
    src.parent.mkdir()
    src.write_bytes(b"pakta yang terbit")
    dest = tmp_path / "per-opd" / "A" / "A.docx"
    place_copy(src, dest)
    assert dest.read_bytes() == src.read_bytes() and not os.path.samefile(src, dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["A.docx"]
    dest.write_bytes(b"diubah di folder per-OPD")
    assert src.read_bytes() == b"pakta yang terbit"
    place_copy(src, dest)  # the next run puts the issued bytes back
    assert dest.read_bytes() == b"pakta yang terbit"


def test_an_older_runs_hard_link_is_replaced_by_a_copy(tmp_path):
    src = tmp_path / "A.xlsx"
    src.write_bytes(b"isi")
    dest = tmp_path / "out" / "A.xlsx"
    dest.parent.mkdir()
    os.link(src, dest)
    place_copy(src, dest)
    assert dest.read_bytes() == b"isi" and not os.path.samefile(src, dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["A.xlsx"]


def test_digest_follows_the_content(tmp_path):
    p = tmp_path / "a.bin"
    p.write_bytes(b"satu")
    first = sha256_file(p)
    p.write_bytes(b"dua!")  # same size, new content: the change time moves
    assert sha256_file(p) != first
