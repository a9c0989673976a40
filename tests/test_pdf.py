"""PDF copies of the pacts through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lelang_xlsx.documents import pdf
from lelang_xlsx.errors import LelangError
from lelang_xlsx.documents.pacts import PactRenderer, build_context, pact_filename
from tests import pact_fixtures as fx

needs_lo = pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) tidak terpasang")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="poppler-utils tidak terpasang")


def _pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_missing_soffice_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    with pytest.raises(LelangError) as exc:
        pdf.convert_to_pdf([doc], tmp_path)
    msg = str(exc.value)
    assert "apt-get install -y libreoffice-writer-nogui" in msg and "libreoffice.org" in msg


def test_nothing_to_convert(tmp_path):
    assert pdf.convert_to_pdf([], tmp_path) == []


def test_missing_input(tmp_path):
    with pytest.raises(LelangError, match="tidak ditemukan"):
        pdf.convert_to_pdf([tmp_path / "tidak-ada.docx"], tmp_path)


def test_timeout_is_reported(monkeypatch, tmp_path):
    # a stand-in "soffice" that never finishes
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice_path", lambda: str(fake))
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    with pytest.raises(LelangError, match="tidak selesai"):
        pdf.convert_to_pdf([doc], tmp_path / "out", timeout=1)


def test_failure_is_reported(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice_path", lambda: str(fake))
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    with pytest.raises(LelangError, match="gagal membuat PDF.*a.docx"):
        pdf.convert_to_pdf([doc], tmp_path / "out")


@pytest.mark.libreoffice
@needs_lo
@needs_poppler
def test_pacts_convert_in_one_call(tmp_path):
    p = fx.panel()
    renderer = PactRenderer()
    docs = []
    s = fx.submission()
    docs.append(renderer.render(build_context(p, s, fx.resolutions(s)),
                                tmp_path / "docx" / pact_filename("DINKES", "Dinas Kesehatan")))
    # hostile text still converts
    h = fx.submission(hostile=True)
    docs.append(renderer.render(build_context(p, h, fx.resolutions(h, hostile=True)),
                                tmp_path / "docx" / "HOSTILE_x.docx"))
    out = tmp_path / "pdf"
    pdfs = pdf.convert_to_pdf(docs, out)
    assert [x.name for x in pdfs] == ["DINKES_dinas-kesehatan.pdf", "HOSTILE_x.pdf"]
    assert not list(out.glob(".tmp-*"))
    for x in pdfs:
        assert _pages(x) >= 2
        text = " ".join(_text(x).split())
        assert "PAKTA INTEGRITAS" in text and "KESANGGUPAN TARGET KINERJA" in text
        assert "LAMPIRAN PAKTA INTEGRITAS KESANGGUPAN TARGET KINERJA" in text
        assert "19680411 199303 1 009" in text and "Meterai 6.000" in text
    assert "=SUM(A1)" in " ".join(_text(pdfs[1]).split())


def _page_texts(path: Path) -> list[str]:
    return [" ".join(_text_page(path, n).split()) for n in range(1, _pages(path) + 1)]


def _text_page(path: Path, n: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


LONG = ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
MEMBERS = [("Prof. Dr. Lestari Handayani, M.S.", "Guru Besar Ilmu Administrasi Publik, Universitas Brawijaya"),
           ("Dr. Yudi Santoso, S.E., M.Si.", "Dosen Ekonomi Pembangunan, Universitas Negeri Malang"),
           ("Dr. Rina Kusumawardani, M.Kes.", "Dosen Kesehatan Masyarakat, Universitas Muhammadiyah Malang")]


@pytest.mark.libreoffice
@needs_lo
@needs_poppler
def test_pact_pages_keep_signatures_with_their_text(tmp_path):
    """The statement page carries the closing paragraph, both signatures and every witness
    (one or four; the longest and the shortest OPD name); the attachment's signatures sit
    with the yearly table; the footer counts the pages."""
    renderer = PactRenderer()
    docs = []
    for (kode, nama), members in [(LONG, MEMBERS), (LONG, []), (("DINKES", "Dinas Kesehatan"), MEMBERS),
                                  (("DINKES", "Dinas Kesehatan"), [])]:
        p, s = fx.panel(), fx.submission()
        p.opds = {"DINKES": nama}
        p.members = members
        s.identity.jabatan = f"Kepala {nama} Kota Malang"
        ctx = build_context(p, s, fx.resolutions(s))
        docs.append(renderer.render(ctx, tmp_path / "docx" / f"{kode}_{len(members)}.docx"))
    for pdf_path in pdf.convert_to_pdf(docs, tmp_path / "pdf"):
        pages = _page_texts(pdf_path)
        first = pages[0]
        assert "Demikian Pakta Integritas" in first, pdf_path.name
        for expected in ("dr. HUSNUL MUARIF", "NIP. 19680411 199303 1 009", "Drs. H. SUTIAJI", "Menyaksikan:",
                         "WASTO", "NIP. 19630215 198403 1 011"):
            assert expected in first, (pdf_path.name, expected)
        # both signers' names on one line even when the OPD head's title wraps
        lines = _text_page(pdf_path, 1).splitlines()
        assert any("Drs. H. SUTIAJI" in line and "dr. HUSNUL MUARIF" in line for line in lines), pdf_path.name
        if pdf_path.stem.endswith("_3"):
            assert "Dr. RINA KUSUMAWARDANI, M.Kes." in first and "Prof. Dr. LESTARI HANDAYANI, M.S." in first
        # the attachment: the last page holds the yearly table's end, its legend and the signatures
        last = pages[-1]
        assert "Angka tebal" in last and "dr. HUSNUL MUARIF" in last and "Drs. H. SUTIAJI" in last
        assert "Prevalensi balita stunting" in last or "Indeks kepuasan layanan puskesmas" in last
        n = len(pages)
        assert all(f"Halaman {i} dari {n}" in page for i, page in enumerate(pages, 1)), pdf_path.name
        assert n == 3, (pdf_path.name, n)
