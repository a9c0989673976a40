"""The pact as printed (issue 18): amendments (Perubahan ke-N, carried-over years, the
OPD's own date), the statement for an OPD that received no offer, the witness block of a
larger panel, tolerances of Tetap indicators."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from lelang_xlsx.cli import main
from lelang_xlsx.documents.pact_context import PactVersionInfo
from lelang_xlsx.documents.pacts import PactRenderer, build_context, check_template
from lelang_xlsx.model import NO_OFFER, Indicator
from tests import pact_fixtures as fx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parent.parent
RENDERER = PactRenderer()
AMENDMENT = PactVersionInfo(versi=2, berlaku_mulai=2020, alasan="Mutasi pejabat", tanggal=dt.date(2020, 3, 16))


def _paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the body (tables and nested tables too), in document order."""
    body = Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def _text(data: bytes) -> str:
    return "\n".join(_paragraphs(data))


def _footer_text(data: bytes) -> str:
    return "\n".join(p.text for sec in Document(io.BytesIO(data)).sections for p in sec.footer.paragraphs)


def _numbered(data: bytes) -> list[str]:
    """The paragraphs Word numbers (the commitments), in order."""
    body = Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")
            if p.find(f"{W}pPr/{W}numPr") is not None]


def _yearly_rows(data: bytes) -> list[list[str]]:
    d = Document(io.BytesIO(data))
    for t in d.tables:
        head = [c.text for c in t.rows[0].cells]
        if head and head[0] == "No" and "Tawaran" not in " ".join(head) and any(h.startswith("20") for h in head):
            return [[c.text for c in r.cells] for r in t.rows]
    raise AssertionError("yearly table not found")


def _no_offers(sub) -> list:
    return [dataclasses.replace(r, tawaran_nilai=None, tawaran_tahun=None, keputusan=None, status=NO_OFFER,
                                disepakati_nilai=r.usulan_nilai, disepakati_tahun=r.usulan_tahun)
            for r in fx.resolutions(sub)]


def _render(panel=None, sub=None, resolutions=None, **kw) -> bytes:
    panel = panel or fx.panel()
    sub = sub or fx.submission()
    return RENDERER.render_bytes(build_context(panel, sub, resolutions or fx.resolutions(sub), **kw))


# --------------------------------------------------------------------------- versions

def test_version_one_is_the_pact_without_a_version():
    assert _render() == _render(version=PactVersionInfo())
    assert _render() == _render(version=PactVersionInfo(versi=1, berlaku_mulai=2019, alasan="Lelang Kinerja"))


def test_version_one_prints_no_amendment():
    data = _render()
    text = _text(data)
    assert "Perubahan ke-" not in text and "PERUBAHAN KE-" not in text and "Tanda *" not in text
    assert "Malang, 8 Desember 2018" in text
    assert _yearly_rows(data)[0][5:] == ["2019", "2020", "2021", "2022", "2023"]


def test_amended_pact_title_reason_date_and_carried_years():
    p, s = fx.panel(), fx.submission()
    rs = fx.resolutions(s)
    aki = next(r for r in rs if r.indicator.kode == "IK-01")
    aki.tahunan = {2019: 104.5, 2020: 99, 2021: 93.25, 2022: 85, 2023: 85}  # 2019 as version 1 had it
    data = RENDERER.render_bytes(build_context(p, s, rs, version=AMENDMENT))
    paras = _paragraphs(data)
    text = "\n".join(paras)
    assert paras.count("PERUBAHAN KE-1") == 2  # page 1 title and the Lampiran title
    assert ("Perubahan ke-1 atas Pakta Integritas Dinas Kesehatan, berlaku mulai tahun 2020 (alasan perubahan: "
            "Mutasi pejabat). Target tahun 2019 tetap seperti dalam pakta sebelumnya, ditandai (*) dalam Lampiran.") in paras
    # the OPD's own date, and the stamp duty of that date
    assert "Malang, 16 Maret 2020" in text and "Malang, 8 Desember 2018" not in text
    assert "Meterai 6.000" in text
    assert "Perubahan ke-1 (berlaku mulai tahun 2020) yang ditandatangani" in text
    assert ("Tanda *: target tahun 2019 dibawa tanpa perubahan dari Pakta Integritas sebelumnya; "
            "Perubahan ke-1 mengatur target mulai tahun 2020.") in paras
    rows = _yearly_rows(data)
    assert rows[0][5:] == ["2019*", "2020", "2021", "2022", "2023"]
    aki_row = next(r for r in rows if r[1] == "Angka Kematian Ibu Turun")
    assert aki_row[5:] == ["104,5*", "99", "93,25", "85", "85"]
    assert all(r[5].endswith("*") and not any(c.endswith("*") for c in r[6:]) for r in rows[1:])
    assert "(Perubahan ke-1) — Dinas Kesehatan" in _footer_text(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode()
    assert "Pakta Integritas Kesanggupan Target Kinerja (Perubahan ke-1) — Dinas Kesehatan" in core
    assert "2020-03-16T00:00:00Z" in core


def test_amendment_from_the_first_year_carries_nothing():
    v = PactVersionInfo(versi=3, berlaku_mulai=2019, alasan="Koreksi")
    ctx = build_context(fx.panel(), fx.submission(), fx.resolutions(fx.submission()), version=v)
    assert ctx["versi"]["judul"] == "Perubahan ke-2" and ctx["versi"]["tahun_dibawa"] == ""
    assert ctx["tanggal"] == "8 Desember 2018"  # no Tanggal Pakta: the panel's date
    data = RENDERER.render_bytes(ctx)
    assert "Tanda *" not in _text(data) and "Target tahun" not in _text(data)
    assert "2019*" not in _yearly_rows(data)[0]


def test_two_carried_years_read_as_a_span():
    v = PactVersionInfo(versi=2, berlaku_mulai=2021, alasan="Perubahan anggaran")
    ctx = build_context(fx.panel(), fx.submission(), fx.resolutions(fx.submission()), version=v)
    assert ctx["versi"]["tahun_dibawa"] == "2019–2020"
    assert [k["tanda"] for k in ctx["kolom_tahun"]] == ["*", "*", "", "", ""]


def test_own_date_on_a_first_pact_sets_the_stamp_duty():
    ctx = build_context(fx.panel(), fx.submission(), fx.resolutions(fx.submission()),
                        version=PactVersionInfo(tanggal=dt.date(2021, 2, 1)))
    assert ctx["tanggal"] == "1 Februari 2021" and ctx["meterai"] == "Meterai 10.000"
    assert ctx["versi"]["judul"] == "" and ctx["versi"]["alasan"] == "Lelang Kinerja"


def test_new_fields_listed_and_known_to_the_template_check():
    out = CliRunner().invoke(main, ["pact-fields"]).output
    for field in ("versi.judul", "versi.berlaku_mulai", "versi.tahun_dibawa", "kolom_tahun[].tanda",
                  "tahunan[].dibawa", "pernyataan.ada_tawaran"):
        assert field in out
    assert check_template(ROOT / "templates" / "pakta_integritas.docx") == []


def test_custom_template_without_the_new_fields_still_renders(tmp_path):
    """A secretariat's template made before versions existed (the stock template of main
    before this change, kept in git history) is still clean and renders an amendment."""
    old = tmp_path / "lama.docx"
    try:
        old.write_bytes(subprocess.run(["git", "show", "982343f:templates/pakta_integritas.docx"], cwd=ROOT,
                                       capture_output=True, check=True).stdout)
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.skip("git history not available")
    assert check_template(old) == []
    s = fx.submission()
    data = PactRenderer(old).render_bytes(build_context(fx.panel(), s, fx.resolutions(s), version=AMENDMENT))
    assert "Malang, 16 Maret 2020" in _text(data)


# --------------------------------------------------------------------------- no offer (LK515)

def test_statement_when_the_panel_offered_nothing():
    s = fx.submission()
    data = _render(sub=s, resolutions=_no_offers(s))
    items = _numbered(data)
    assert len(items) == 5
    assert items[1] == ("Tim Penilai tidak mengajukan tawaran atas target kinerja Dinas Kesehatan; target yang "
                        "berlaku adalah target usulan Dinas Kesehatan sendiri sebagaimana tercantum dalam "
                        "Lampiran Pakta Integritas ini;")
    text = _text(data)
    assert "telah ditawarkan oleh Tim Penilai" not in text
    assert "Tidak Sanggup, penolakan" not in text and "diberi keputusan Sanggup" not in text


def test_statement_with_offers_keeps_the_six_commitments():
    items = _numbered(_render())
    assert len(items) == 6
    assert items[1].startswith("target kinerja yang tercantum dalam Lampiran Pakta Integritas ini telah ditawarkan")
    assert items[3].startswith("untuk target yang saya jawab Tidak Sanggup")


def test_one_offer_is_enough_for_the_offer_statement():
    s = fx.submission()
    rs = _no_offers(s)
    rs[2] = fx.resolutions(s)[2]  # one Tidak Sanggup
    assert build_context(fx.panel(), s, rs)["pernyataan"]["ada_tawaran"] == "ya"


def test_amended_statement_does_not_claim_the_new_head_took_part():
    items = _numbered(_render(version=AMENDMENT))
    assert items[0].startswith("telah menerima dan memahami target kinerja Dinas Kesehatan hasil Lelang Kinerja")
    assert "telah saya jawab satu per satu" not in " ".join(items)


# --------------------------------------------------------------------------- validity

@pytest.mark.parametrize("kind", ["amended", "no_offer", "amended_no_offer"])
def test_changed_pact_kinds_pass_openxml_audit(tmp_path, kind):
    audit = pytest.importorskip("openxml_audit")
    s = fx.submission()
    rs = _no_offers(s) if "no_offer" in kind else fx.resolutions(s)
    version = AMENDMENT if "amended" in kind else None
    out = RENDERER.render(build_context(fx.panel(), s, rs, version=version), tmp_path / f"{kind}.docx")
    result = audit.OpenXmlValidator().validate(str(out))
    assert [f"{e.part_uri}: {e.description}" for e in result.errors
            if e.severity == audit.ValidationSeverity.ERROR] == []


# --------------------------------------------------------------------------- witnesses

FIVE = [("Prof. Dr. Ir. Anna Sari", "Universitas Brawijaya"),
        ("Dr. Budi Santoso, M.Si.", "Universitas Negeri Malang"),
        ("Ir. Candra Wijaya, M.T.", "Kepala Badan Perencanaan, Penelitian dan Pengembangan Daerah Kota Malang"),
        ("Dra. Dewi Lestari", "Inspektur Kota Malang"),
        ("Eko Prasetyo, S.E., M.M.", "Kepala Badan Pengelola Keuangan dan Aset Daerah")]
LONGEST = "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak"


def _panel(members, nama_opd="Dinas Kesehatan"):
    p = fx.panel()
    p.members = list(members)
    p.opds = {"DINKES": nama_opd}
    return p


@pytest.mark.parametrize("n, shape", [(0, [1]), (1, [2]), (2, [3]), (3, [2, 2]), (4, [3, 3]), (5, [3, 3])])
def test_witness_rows_are_even_and_at_most_three_wide(n, shape):
    ctx = build_context(_panel(FIVE[:n]), fx.submission(), fx.resolutions(fx.submission()))
    rows = ctx["saksi_susun"]
    assert [len(r["sel"]) for r in rows] == shape
    named = [c["nama"] for r in rows for c in r["sel"] if c["nama"]]
    assert named == ["Wasto"] + [m for m, _ in FIVE[:n]]


def _witness_table(data: bytes) -> list[list[str]]:
    d = Document(io.BytesIO(data))
    for t in d.tables:
        for cell in t.rows[0].cells:
            for inner in cell.tables:
                rows = [[c.text.strip() for c in r.cells] for r in inner.rows]
                if any("WASTO" in c for r in rows for c in r):
                    return rows
    raise AssertionError("witness table not found")


def test_each_witness_title_stands_over_its_own_name():
    rows = _witness_table(_render(panel=_panel(FIVE)))
    titles, names = rows[0::2], rows[1::2]
    assert len(titles) == len(names) == 2 and all(len(r) == 3 for r in rows)
    assert titles[0] == ["Sekretaris Daerah Kota Malang", "Universitas Brawijaya", "Universitas Negeri Malang"]
    assert [n.split("\n")[0] for n in names[0]] == ["WASTO", "Prof. Dr. Ir. ANNA SARI", "Dr. BUDI SANTOSO, M.Si."]
    assert titles[1][1] == "Inspektur Kota Malang" and names[1][1] == "Dra. DEWI LESTARI"
    assert "NIP. 19630215 198403 1 011" in names[0][0]  # the Sekda's NIP under his own name, not over a title


def test_signatures_and_witnesses_cannot_be_parted():
    """One block whose only row may not break holds the closing sentence, both signatures
    and every witness: the witnesses never go to a page of their own."""
    d = Document(io.BytesIO(_render(panel=_panel(FIVE))))
    block = next(t for t in d.tables if "Demikian Pakta Integritas" in t.rows[0].cells[0].text)
    assert len(block.rows) == 1
    assert block.rows[0]._tr.find(f"{W}trPr/{W}cantSplit") is not None
    text = "".join(t.text or "" for t in block.rows[0].cells[0]._tc.iter(f"{W}t"))
    assert "Menyaksikan:" in text and "EKO PRASETYO, S.E., M.M." in text and "dr. HUSNUL MUARIF" in text


def _pdf_pages(path: Path) -> list[str]:
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils tidak terpasang")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f") if page.strip()]


@pytest.mark.libreoffice
def test_larger_panels_in_libreoffice(tmp_path):
    """Four and five panel members fit page 1 with an ordinary OPD name, amended or not;
    the longest OPD name with five members moves the closing block whole to page 2
    (page 1 ends after the statement), never the witnesses alone."""
    from lelang_xlsx.documents import pdf

    if pdf.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    s = fx.submission()
    cases = {
        "lima": (_panel(FIVE), None, fx.resolutions(s)),
        "empat_ubah": (_panel(FIVE[:4]), AMENDMENT, fx.resolutions(s)),
        "lima_tanpa_tawaran": (_panel(FIVE), None, _no_offers(s)),
        "terpanjang": (_panel(FIVE, LONGEST), None, fx.resolutions(s)),
    }
    docs = [RENDERER.render(build_context(p, s, rs, version=v), tmp_path / "docx" / f"{name}.docx")
            for name, (p, v, rs) in cases.items()]
    for path in pdf.convert_to_pdf(docs, tmp_path / "pdf"):
        pages = _pdf_pages(path)
        holder = next(i for i, page in enumerate(pages) if "Menyaksikan:" in page)
        page = pages[holder]
        for expected in ("Demikian Pakta Integritas", "Drs. H. SUTIAJI", "WASTO", "Prof. Dr. Ir. ANNA SARI",
                         "Dra. DEWI LESTARI"):
            assert expected in page, (path.name, expected)
        if path.stem != "terpanjang":
            assert holder == 0, path.name
        else:
            assert holder in (0, 1) and "dengan ini menyatakan bahwa saya" in pages[0]
        if path.stem.startswith("lima"):
            assert "EKO PRASETYO, S.E., M.M." in page
        assert "LAMPIRAN PAKTA INTEGRITAS" not in " ".join(pages[: holder + 1])


# --------------------------------------------------------------------------- tolerance (Tetap)

def _with_tolerance(sub, tol_tetap=1.0, tol_naik=2.0):
    """IK-05 made a Tetap indicator with a tolerance; IK-02 (Naik) given one too."""
    # Indicator.toleransi (issue 20, h20): a stand-in subclass until the field is on main
    with_tol = dataclasses.make_dataclass("IndicatorWithTolerance", [("toleransi", object, None)], bases=(Indicator,))
    sub.indicators = [with_tol(**{f.name: getattr(i, f.name) for f in dataclasses.fields(Indicator)})
                      for i in sub.indicators]
    by = {i.kode: i for i in sub.indicators}
    by["IK-05"].polaritas = "Tetap"
    by["IK-05"].targets = {2019: 3.5, 2020: 3.5, 2021: 3.5, 2022: 3.5, 2023: 3.5}
    by["IK-05"].toleransi = tol_tetap
    by["IK-02"].toleransi = tol_naik
    rs = fx.resolutions(sub)
    ik5 = next(r for r in rs if r.indicator.kode == "IK-05")
    ik5.usulan_nilai, ik5.tawaran_nilai, ik5.disepakati_nilai = 3.5, 3.25, 3.25
    return rs


def test_tetap_targets_print_with_their_tolerance():
    s = fx.submission()
    ctx = build_context(fx.panel(), s, _with_tolerance(s, tol_tetap=0.25))
    row = next(b for b in ctx["baris"] if b["kode"] == "IK-05")
    assert row["usulan"] == "3,5 ± 0,25 (2023)" and row["tawaran"] == "3,25 ± 0,25 (2021)"
    assert row["target"] == "3,25 ± 0,25 (2021)" and row["target_nilai"] == "3,25 ± 0,25"
    assert [t["nilai"] for t in row["tahunan"]] == ["3,5 ± 0,25"] * 5
    naik = next(b for b in ctx["baris"] if b["kode"] == "IK-02")  # a tolerance on Naik means nothing here
    assert "±" not in naik["target"] and "±" not in naik["tahunan"][0]["nilai"]
    data = RENDERER.render_bytes(ctx)
    assert "3,25 ± 0,25 (2021)" in _text(data)
    assert next(r for r in _yearly_rows(data) if r[1] == "Indeks kepuasan layanan puskesmas")[5] == "3,5 ± 0,25"


@pytest.mark.parametrize("tol", [None, 0, -1, float("nan"), True, "1"])
def test_no_usable_tolerance_prints_the_plain_target(tol):
    s = fx.submission()
    row = next(b for b in build_context(fx.panel(), s, _with_tolerance(s, tol))["baris"] if b["kode"] == "IK-05")
    assert row["target"] == "3,25 (2021)"


def test_check_template_knows_the_version_fields(tmp_path):
    """`lelang check-template` accepts the stock template and a custom one using the new
    fields, and points a misspelt one to the right name."""
    src = ROOT / "templates" / "pakta_integritas.docx"
    assert CliRunner().invoke(main, ["check-template", str(src)]).exit_code == 0
    bad = tmp_path / "kustom.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ versi.judul_kapital }}", b"{{ versi.judul_kapitel }}", 1)
            zout.writestr(info, data)
    res = CliRunner().invoke(main, ["check-template", str(bad)])
    assert res.exit_code == 2
    assert "versi.judul_kapitel" in res.output and "versi.judul_kapital" in res.output
