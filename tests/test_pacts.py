"""The integrity pact: context, rendering, hostile text, determinism, template checks."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docxtpl import DocxTemplate
from lxml import etree

from lelang_xlsx.errors import LelangError, TemplateError
from lelang_xlsx.documents.pacts import (FIELDS, PactRenderer, build_context, check_template, clean_text,
                               default_template, name_capitals, pact_fields, pact_filename)
from tests import pact_fixtures as fx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _all_text(d: docx.document.Document) -> str:
    """Every paragraph of the body, tables (nested too) and footers, one per line."""
    root = d.element.body
    lines = ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]
    for sec in d.sections:
        lines += [p.text for p in sec.footer.paragraphs]
    return "\n".join(lines)


def _table_rows(d) -> list[list[str]]:
    """Rows of the attachment table (the one with the Keputusan header)."""
    for t in d.tables:
        if any("Keputusan" in c.text for c in t.rows[0].cells):
            return [[c.text for c in r.cells] for r in t.rows]
    raise AssertionError("attachment table not found")


@pytest.fixture()
def rendered(tmp_path) -> Path:
    p, s = fx.panel(), fx.submission()
    out = tmp_path / pact_filename("DINKES", p.opds["DINKES"])
    PactRenderer().render(build_context(p, s, fx.resolutions(s)), out)
    return out


def test_stock_template_is_clean_and_exists():
    assert default_template().is_file()
    assert check_template(default_template()) == []


def test_filename():
    assert pact_filename("DINKES", "Dinas Kesehatan") == "DINKES_dinas-kesehatan.docx"
    assert pact_filename("DPU/PR", "Dinas PU & Penataan Ruang") == "DPU-PR_dinas-pu-penataan-ruang.docx"


def test_fields_cover_context():
    p, s = fx.panel(), fx.submission()
    ctx = build_context(p, s, fx.resolutions(s))

    def paths(obj, prefix=""):
        if isinstance(obj, dict):
            for k, v in obj.items():
                yield from paths(v, f"{prefix}.{k}" if prefix else k)
        elif isinstance(obj, list):
            for v in obj[:1]:
                yield from paths(v, prefix + "[]")
        else:
            yield prefix

    assert set(paths(ctx)) <= set(FIELDS)
    assert all(meaning for _, meaning in pact_fields())
    leaf_fields = {k for k in FIELDS if not k.endswith("[]")}
    assert leaf_fields <= set(paths(ctx))


def test_context_values_and_order():
    p, s = fx.panel(), fx.submission()
    ctx = build_context(p, s, fx.resolutions(s))
    assert ctx["opd"]["nama"] == "Dinas Kesehatan"  # the panel list's name, not the workbook's
    assert ctx["kepala"]["nip"] == "19680411 199303 1 009"
    assert ctx["kepala"]["nama_kapital"] == "dr. HUSNUL MUARIF"
    assert ctx["kepala_daerah"]["nama_kapital"] == "Drs. H. SUTIAJI"
    assert ctx["tempat_tanggal"] == "Malang, 8 Desember 2018"
    assert ctx["periode"]["teks"] == "2019–2023"
    assert [g["kode"] for g in ctx["misi_grup"]] == ["M1", "M2"]  # panel order, not sheet order
    nos = [b["no"] for g in ctx["misi_grup"] for b in g["baris"]]
    assert nos == ["1", "2", "3", "4", "5"]
    rows = {b["kode"]: b for b in ctx["baris"]}
    assert rows["IK-04"]["dasar"] == "1.234,5 (2017)"
    assert rows["IK-04"]["tawaran"] == "–" and rows["IK-04"]["keputusan"] == "Tanpa tawaran"
    assert rows["IK-05"]["target"] == "1.234,5 (2021)"
    assert rows["IK-02"]["target"] == "96,75 (2023)" and "negosiasi" in rows["IK-02"]["catatan"]
    assert rows["IK-03"]["target"] == "14 (2023)" and "usulan OPD tetap berlaku" in rows["IK-03"]["catatan"]
    assert ctx["jumlah"] == {"indikator": "5", "tawaran": "4", "sanggup": "2", "tidak_sanggup": "2",
                             "tanpa_tawaran": "1"}
    assert [x["nama"] for x in ctx["saksi"]] == ["Wasto", "Prof. Dr. Ir. Anna Sari", "Dr. Budi Santoso, M.Si."]
    assert ctx["saksi"][0]["nip"] == "19630215 198403 1 011"


def test_name_capitals():
    assert name_capitals("dr. Husnul Muarif, M.Kes.") == "dr. HUSNUL MUARIF, M.Kes."
    assert name_capitals("Wasto") == "WASTO"


def test_undecided_offer_gives_no_context():
    s = fx.submission()
    with pytest.raises(LelangError, match="belum diputuskan"):
        build_context(fx.panel(), s, fx.undecided(s))


def test_rendered_document_content(rendered):
    d = Document(str(rendered))
    text = _all_text(d)
    for expected in ("PEMERINTAH KOTA MALANG", "PAKTA INTEGRITAS", "KESANGGUPAN TARGET KINERJA",
                     "PERIODE 2019–2023", "dr. Husnul Muarif", "dr. HUSNUL MUARIF",
                     "19680411 199303 1 009", "NIP. 19680411 199303 1 009", "Pembina Utama Muda (IV/c)",
                     "Kepala Dinas Kesehatan", "Wali Kota Malang,", "Drs. H. SUTIAJI", "Meterai 6.000",
                     "Malang, 8 Desember 2018", "Menyaksikan:", "WASTO", "NIP. 19630215 198403 1 011", "Prof. Dr. Ir. ANNA SARI", "Universitas Brawijaya",
                     "Dr. BUDI SANTOSO, M.Si.", "Sekretaris Daerah Kota Malang",
                     "LAMPIRAN PAKTA INTEGRITAS KESANGGUPAN TARGET KINERJA", "DINAS KESEHATAN",
                     "bagian yang tidak terpisahkan", "Peraturan Wali Kota Malang"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    rows = _table_rows(d)
    body = {r[3]: r for r in rows if r[0].isdigit()}
    assert len(body) == 5
    aki = body["Angka Kematian Ibu Turun"]
    assert aki[:2] == ["1", "M1"] and aki[5] == "Turun"
    assert aki[6:11] == ["112,5 (2017)", "90 (2023)", "85 (2022)", "Sanggup", "85 (2022)"]
    assert body["Cakupan imunisasi dasar lengkap"][9:11] == ["Tidak Sanggup", "96,75 (2023)"]
    assert body["Prevalensi balita stunting"][9:11] == ["Tidak Sanggup", "14 (2023)"]
    assert body["Jumlah kunjungan wisata kesehatan"][6:11] == ["1.234,5 (2017)", "1.700 (2023)", "–",
                                                             "Tanpa tawaran", "1.700 (2023)"]
    assert body["Indeks kepuasan layanan puskesmas"][8:11] == ["1.234,5 (2021)", "Sanggup", "1.234,5 (2021)"]
    group_rows = [r[0] for r in rows if r[0].startswith("Misi ")]
    assert group_rows[0].startswith("Misi M1: Menjamin akses") and group_rows[1].startswith("Misi M2:")
    total = [r[0] for r in rows if r[0].startswith("Jumlah:")][0]
    assert "5 indikator" in total and "4 ditawar" in total and "2 Sanggup" in total and "2 Tidak Sanggup" in total
    # order: mission M1 rows before M2 rows
    order = [r[3] for r in rows if r[0].isdigit()]
    assert order.index("Angka Kematian Ibu Turun") < order.index("Jumlah kunjungan wisata kesehatan")


def test_layout_portrait_then_landscape_with_repeating_header(rendered):
    d = Document(str(rendered))
    first, last = d.sections[0], d.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT and abs(first.page_width.cm - 21.0) < 0.05
    assert last.orientation == WD_ORIENT.LANDSCAPE and abs(last.page_width.cm - 29.7) < 0.05
    text_width = last.page_width - last.left_margin - last.right_margin
    xml = rendered_xml(rendered)
    tbl = [t for t in etree.fromstring(xml).iter(W + "tbl") if b"Keputusan" in etree.tostring(t)][-1]
    grid = sum(int(c.get(W + "w")) for c in tbl.find(W + "tblGrid"))
    assert abs(grid - text_width / 635) < 30  # EMU -> twips
    header_rows = [tr for tr in tbl.findall(W + "tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header_rows) == 2
    sizes = {r.get(W + "val") for r in tbl.iter(W + "sz")}
    styles = {s.get(W + "val") for s in tbl.iter(W + "pStyle")}
    assert {"IsiTabel", "KepalaTabel"} <= styles or "18" in sizes


def rendered_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def test_hostile_text_is_literal_and_valid(tmp_path):
    p, s = fx.panel(), fx.submission(hostile=True)
    p.opds["DINKES"] = "Dinas Kesehatan & <KB> \"Sehat\" 😀 ꦩꦭꦁ"
    p.nama_kepala_daerah = "=cmd|' /C calc'!A0"
    out = tmp_path / "h.docx"
    PactRenderer().render(build_context(p, s, fx.resolutions(s, hostile=True)), out)
    for part in ("word/document.xml", "word/footer1.xml"):
        with zipfile.ZipFile(out) as z:
            etree.fromstring(z.read(part))  # well-formed
    text = _all_text(Document(str(out)))
    assert "Angka Kematian Ibu Turun & <Anak> \"AKI\" 😀 ꦩꦭꦁ" in text
    assert "Catatan & <b>\"kutip\"</b> 'tunggal' 😀 ꦩꦭꦁ =SUM(A1) +cmd|' /C calc'!A0" in text
    assert "=HYPERLINK(\"http://x\")" in text
    assert "Dinas Kesehatan & <KB> \"Sehat\" 😀 ꦩꦭꦁ" in text
    assert "=CMD|' /C CALC'!A0" in text
    assert "\x07" not in text and "\x0b" not in text


def test_clean_text():
    assert clean_text("a\x00b\x1fc\td\r\ne\ud800") == "ab c\td\ne".replace(" ", "")
    assert clean_text("😀ꦩ&<") == "😀ꦩ&<"


def test_context_cleaning_reaches_every_occurrence_of_a_shared_row():
    # a pact's rows sit both in their mission group and in the plain list: cleaned once, shared
    from lelang_xlsx.documents.pact_context import _sanitise

    row = {"uraian": "AKI\x07 turun", 2020: ("5\x0b,0", None, 3, 1.5, True)}
    out = _sanitise({"baris": [row], "misi_grup": [{"baris": [row]}], "n": 7})
    expected = {"uraian": "AKI turun", "2020": ["5,0", None, 3, 1.5, True]}
    assert out["baris"][0] == expected and out["misi_grup"][0]["baris"][0] == expected
    assert out["n"] == 7 and row["uraian"] == "AKI\x07 turun"  # the input is left as it was


def test_template_lookups_give_what_jinja_gives():
    # ``row.field`` on a plain dict is looked up as the item at once; same text as Jinja's own
    from jinja2 import Environment

    from lelang_xlsx.documents.pacts import _new_env

    source = "{{ r.uraian }}|{{ r.items is callable }}|{{ r.hilang is undefined }}|{{ n.real }}|{{ t.upper() }}"
    values = {"r": {"uraian": "<AKI> & Anak", "items": "bukan metode"}, "n": 3, "t": "malang"}
    expected = Environment(autoescape=True).from_string(source).render(values)
    assert _new_env().from_string(source).render(values) == expected == "&lt;AKI&gt; &amp; Anak|True|True|3|MALANG"


def test_deterministic(tmp_path):
    p, s = fx.panel(), fx.submission()
    ctx = build_context(p, s, fx.resolutions(s))
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    PactRenderer().render(ctx, a)
    PactRenderer().render(build_context(p, s, fx.resolutions(s)), b)
    assert a.read_bytes() == b.read_bytes()
    # the template's parts, [Content_Types].xml first; rendered parts are appended last
    with zipfile.ZipFile(default_template()) as t, zipfile.ZipFile(a) as z:
        assert sorted(t.namelist()) == sorted(z.namelist())
        assert not [n for n in z.namelist() if "stylesWithEffects" in n or "thumbnail" in n]
        assert z.namelist()[0] == "[Content_Types].xml"
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _norm(xml: bytes) -> str:
    """Canonical XML without column widths: the renderer sizes the cells of a column loop
    itself (docxtpl spreads the table's width over every column)."""
    root = etree.fromstring(xml)
    for e in root.iter(W + "tcW"):
        e.attrib.pop(W + "w", None)
    for grid in root.iter(W + "tblGrid"):
        grid.clear()
    return re.sub(r"\s+", " ", etree.tostring(root, method="c14n").decode())


@pytest.mark.parametrize("hostile", [False, True])
def test_same_as_plain_docxtpl(tmp_path, hostile):
    p, s = fx.panel(), fx.submission(hostile)
    ctx = build_context(p, s, fx.resolutions(s, hostile))
    ours = tmp_path / "ours.docx"
    PactRenderer().render(ctx, ours)
    tpl = DocxTemplate(str(default_template()))
    tpl.render(ctx, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(io.BytesIO(buf.getvalue())) as b:
        for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
            assert a.read(name) == b.read(name) or _norm(a.read(name)) == _norm(b.read(name)), name


def test_renderer_writes_the_pact_atomically(tmp_path):
    """PactRenderer.render (what the pact stage calls) writes the named file and no temporary."""
    p, s = fx.panel(), fx.submission()
    name = pact_filename(s.identity.kode_opd, p.opds.get(s.identity.kode_opd) or s.identity.nama_opd)
    path = PactRenderer().render(build_context(p, s, fx.resolutions(s)), tmp_path / name)
    assert path.name == "DINKES_dinas-kesehatan.docx" and path.is_file()
    assert "Dinas Kesehatan" in "\n".join(par.text for par in docx.Document(str(path)).paragraphs)
    assert not list(tmp_path.glob(".tmp-*"))


# ---------------------------------------------------------------- template checks

def _customised(tmp_path: Path, replace: dict[str, str]) -> Path:
    out = tmp_path / "kustom.docx"
    with zipfile.ZipFile(default_template()) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                for old, new in replace.items():
                    assert old in text, old
                    text = text.replace(old, new, 1)
                data = text.encode()
            zout.writestr(info, data)
    return out


def test_check_unknown_fields(tmp_path):
    path = _customised(tmp_path, {"{{ opd.nama }}": "{{ opd.namaa }}", "{{ b.target }}": "{{ b.targett }}",
                                  "{{ tempat_tanggal }}": "{{ tempat_tanggl }}"})
    problems = check_template(path)
    msgs = [m for _, m in problems]
    assert any("opd.namaa" in m and "opd.nama?" in m for m in msgs), problems
    assert any("b.targett" in m for m in msgs), problems
    assert any("tempat_tanggl" in m and "tempat_tanggal" in m for m in msgs), problems
    places = [pl for pl, m in problems if "b.targett" in m]
    assert places and "sel tabel" in places[0] and "b.targett" in places[0]
    with pytest.raises(TemplateError) as exc:
        PactRenderer(path)
    assert len(exc.value.problems) == len(problems)


def test_check_broken_print_tag(tmp_path):
    path = _customised(tmp_path, {"{{ kepala.pangkat }}": "{{ kepala.pangkat "})
    problems = check_template(path)
    assert len(problems) == 1
    place, msg = problems[0]
    assert "isi dokumen" in place and "kepala.pangkat" in place
    assert "Traceback" not in msg and "tag" in msg


def test_check_unclosed_for(tmp_path):
    path = _customised(tmp_path, {"{%tr endfor %}": "tutup"})
    problems = check_template(path)
    assert len(problems) == 1
    place, msg = problems[0]
    assert "{% for %}" in msg and "{% endfor %}" in msg
    assert "for " in place  # points at the opening tag's text


def test_check_unknown_filter_and_tag(tmp_path):
    path = _customised(tmp_path, {"{{ kepala.jabatan }}": "{{ kepala.jabatan|hurufbesar }}"})
    assert any("filter tidak dikenal: hurufbesar" in m for _, m in check_template(path))
    path = _customised(tmp_path, {"{{ kepala.jabatan }}": "{% ulang %}"})
    assert any("tag tidak dikenal" in m for _, m in check_template(path))


def test_check_not_a_docx(tmp_path):
    bad = tmp_path / "bukan.docx"
    bad.write_text("ini bukan docx")
    problems = check_template(bad)
    assert problems and "bukan dokumen Word" in problems[0][1]
    with pytest.raises(TemplateError):
        PactRenderer(bad)
    assert "tidak ditemukan" in check_template(tmp_path / "tidak-ada.docx")[0][1]


def test_check_tags_in_unrendered_part(tmp_path):
    out = tmp_path / "t.docx"
    with zipfile.ZipFile(default_template()) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"Pakta Integritas Kesanggupan Target Kinerja</dc:title>",
                                    b"{{ opd.nama }}</dc:title>")
            zout.writestr(info, data)
    problems = check_template(out)
    assert problems and "docProps/core.xml" in problems[0][0]


def test_loop_variables_know_item_attributes(tmp_path):
    # a for loop over a known list: the loop variable's attributes are checked
    path = _customised(tmp_path, {"{{ x.jabatan }}": "{{ x.instansi }}"})
    assert any("x.instansi" in m for _, m in check_template(path))
    path = _customised(tmp_path, {"{{ t.nilai_sama }}": "{{ t.nilai_lama }}"})
    assert any("t.nilai_lama" in m and "t.nilai_sama" in m for _, m in check_template(path))
    # loop and Jinja globals are fine; a filter on a known field is fine
    path = _customised(tmp_path, {"{{ x.jabatan }}": "{{ loop.index }} {{ x.jabatan|upper }} {{ range(2)|list }}"})
    assert check_template(path) == []


def test_footer_is_rendered_and_checked(tmp_path, rendered):
    d = Document(str(rendered))
    assert "Pakta Integritas Kesanggupan Target Kinerja — Dinas Kesehatan" in d.sections[0].footer.paragraphs[0].text
    out = tmp_path / "f.docx"
    with zipfile.ZipFile(default_template()) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/footer1.xml":
                data = data.replace(b"{{ opd.nama }}", b"{{ opd.singkatan }}")
            zout.writestr(info, data)
    problems = check_template(out)
    assert len(problems) == 1 and problems[0][0].startswith("kaki halaman (footer1.xml)")
    assert "opd.singkatan" in problems[0][1]


# ---------------------------------------------------------------- version 2: yearly targets, details

def _yearly_rows(d) -> list[list[str]]:
    for t in d.tables:
        if [c.text for c in t.rows[0].cells][:2] == ["No", "Indikator Kinerja"]:
            return [[c.text for c in r.cells] for r in t.rows]
    raise AssertionError("yearly table not found")


def _agreed(sub):
    rs = fx.resolutions(sub)
    # IK-01 (Turun, proposal 110 … 90): Sanggup 85 by 2022 -> a tougher path
    rs[1].tahunan = {2019: 104.5, 2020: 99, 2021: 93.25, 2022: 85, 2023: 85}
    # IK-02: agreed equals the proposal except the end year
    rs[2].tahunan = {2019: 87, 2020: 89, 2021: 91, 2022: 93, 2023: 96.75}
    return rs  # the others: empty path -> the proposal


def test_yearly_table_values_bold_and_columns(tmp_path):
    p, s = fx.panel(), fx.submission()
    out = tmp_path / "p.docx"
    PactRenderer().render(build_context(p, s, _agreed(s)), out)
    d = Document(str(out))
    rows = _yearly_rows(d)
    assert rows[0] == ["No", "Indikator Kinerja", "Satuan", "Polaritas", "Nilai Dasar\n(tahun)",
                       "2019", "2020", "2021", "2022", "2023"]
    body = {r[1]: r for r in rows[1:]}
    assert body["Angka Kematian Ibu Turun"][5:] == ["104,5", "99", "93,25", "85", "85"]
    assert body["Cakupan imunisasi dasar lengkap"][5:] == ["87", "89", "91", "93", "96,75"]
    # no agreed path yet: the OPD's own yearly targets (Indonesian thousands)
    assert body["Jumlah kunjungan wisata kesehatan"][5:] == ["1.300", "1.400", "1.500", "1.600", "1.700"]
    # bold exactly where the agreed value differs from the proposal of that year
    tbl = [t for t in d.tables if [c.text for c in t.rows[0].cells][1:2] == ["Indikator Kinerja"]][0]

    def bold_cells(title):
        row = next(r for r in tbl.rows if r.cells[1].text == title)
        return [any(run.bold and run.text for run in c.paragraphs[0].runs) for c in row.cells[5:]]

    assert bold_cells("Angka Kematian Ibu Turun") == [True, True, True, True, True]
    assert bold_cells("Cakupan imunisasi dasar lengkap") == [False, False, False, False, True]
    assert bold_cells("Jumlah kunjungan wisata kesehatan") == [False] * 5
    assert "Angka tebal: target yang disepakati berbeda dari target usulan OPD" in _all_text(d)
    # the header repeats; the year columns share the room left, the table fills the text width
    xml = etree.fromstring(rendered_xml(out))
    t = [x for x in xml.iter(W + "tbl") if b"Indikator Kinerja</w:t>" in etree.tostring(x)
         and b"2019" in etree.tostring(x)][-1]
    grid = [int(c.get(W + "w")) for c in t.find(W + "tblGrid")]
    assert len(grid) == 10 and len(set(grid[5:-1])) == 1
    land = d.sections[-1]
    assert abs(sum(grid) - (land.page_width - land.left_margin - land.right_margin) / 635) < 30
    assert t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    assert b"lelang-kolom" not in rendered_xml(out)


@pytest.mark.parametrize("last", [2019, 2021, 2030])
def test_yearly_columns_follow_the_period(tmp_path, last):
    p, s = fx.panel(), fx.submission()
    p.tahun_akhir = last
    out = tmp_path / "p.docx"
    PactRenderer().render(build_context(p, s, fx.resolutions(s)), out)
    rows = _yearly_rows(Document(str(out)))
    years = [str(y) for y in range(2019, last + 1)]
    assert rows[0][5:] == years
    assert all(len(r) == 5 + len(years) for r in rows)
    row = next(r for r in rows if r[1] == "Prevalensi balita stunting")
    assert row[5:] == ["22", "20", "18", "16", "14", *["–"] * (len(years) - 5)][: len(years)]


def test_yearly_context_fields():
    p, s = fx.panel(), fx.submission()
    ctx = build_context(p, s, _agreed(s))
    assert ctx["tahun"] == ["2019", "2020", "2021", "2022", "2023"]
    aki = next(b for b in ctx["baris"] if b["kode"] == "IK-01")["tahunan"]
    assert aki[0] == {"tahun": "2019", "nilai": "104,5", "usulan": "110", "berbeda": "ya",
                      "nilai_berbeda": "104,5", "nilai_sama": "", "dibawa": "", "tanda": ""}
    same = next(b for b in ctx["baris"] if b["kode"] == "IK-04")["tahunan"][0]
    assert same["berbeda"] == "" and same["nilai_sama"] == "1.300" and same["nilai_berbeda"] == ""


@pytest.mark.parametrize("signed, own, expected", [
    ((2018, 12, 8), "", "Meterai 6.000"),
    ((2020, 12, 31), "", "Meterai 6.000"),
    ((2021, 1, 1), "", "Meterai 10.000"),
    ((2024, 3, 1), "", "Meterai 10.000"),
    ((2018, 12, 8), "Meterai Elektronik 10.000", "Meterai Elektronik 10.000"),
])
def test_stamp_duty_text(tmp_path, signed, own, expected):
    import datetime as dt

    p, s = fx.panel(), fx.submission()
    p.tanggal, p.meterai = dt.date(*signed), own
    out = tmp_path / "p.docx"
    PactRenderer().render(build_context(p, s, fx.resolutions(s)), out)
    text = _all_text(Document(str(out)))
    assert text.count(expected) == 2  # the statement page and the attachment
    other = {"Meterai 6.000", "Meterai 10.000"} - {expected}
    assert not any(o in text for o in other if o not in expected)


def test_stamp_duty_text_from_panel_workbook(tmp_path):
    from openpyxl import load_workbook

    from lelang_xlsx.contract import METERAI_FIELD
    from lelang_xlsx.reading.panel import read_panel
    from lelang_xlsx.pipeline import init_auction

    auction = init_auction(tmp_path / "lelang")
    wb = load_workbook(auction.panel)
    ws = wb["Pengaturan"]
    ws.append([METERAI_FIELD.label, "Meterai Tempel 10.000"])
    wb.save(auction.panel)
    panel = read_panel(auction.panel)
    assert panel.meterai == "Meterai Tempel 10.000" and panel.findings == []


def test_document_properties(rendered):
    with zipfile.ZipFile(rendered) as z:
        names = z.namelist()
        core = etree.fromstring(z.read("docProps/core.xml"))
        app = z.read("docProps/app.xml").decode()
        rels = z.read("_rels/.rels").decode()
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.findtext(dc + "title") == "Pakta Integritas Kesanggupan Target Kinerja — Dinas Kesehatan"
    assert core.findtext(dc + "subject") == "Lelang Kinerja Periode 2019–2023 — Dinas Kesehatan"
    assert core.findtext(dc + "creator") == "Pemerintah Kota Malang"
    assert core.findtext(dc + "description") is None
    assert core.findtext("{http://purl.org/dc/terms/}created") == "2018-12-08T00:00:00Z"
    assert "<Company>Pemerintah Kota Malang</Company>" in app and "Application" not in app
    assert "Template" not in app and "thumbnail" not in rels
    assert not [n for n in names if n.startswith("docProps/thumbnail")]


def test_document_properties_keep_odd_text_literal(tmp_path):
    p, s = fx.panel(), fx.submission()
    p.opds["DINKES"] = "Dinas <Sehat> & \"Kuat\" 😀 ꦩꦭꦁ =1+1"
    out = tmp_path / "p.docx"
    PactRenderer().render(build_context(p, s, fx.resolutions(s)), out)
    with zipfile.ZipFile(out) as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title").endswith("Dinas <Sehat> & \"Kuat\" 😀 ꦩꦭꦁ =1+1")


def test_footer_page_n_of_m(rendered):
    with zipfile.ZipFile(rendered) as z:
        for name in ("word/footer1.xml", "word/footer2.xml"):
            xml = z.read(name).decode()
            assert "Halaman " in xml and " dari " in xml
            assert [m for m in re.findall(r'w:instr="\s*(\w+)', xml)] == ["PAGE", "NUMPAGES"]


@pytest.mark.parametrize("members", [0, 1, 3, 4])
def test_witnesses_two_by_two(tmp_path, members):
    p, s = fx.panel(), fx.submission()
    p.members = [(f"Dr. Anggota {i}", f"Universitas {i}") for i in range(1, members + 1)]
    ctx = build_context(p, s, fx.resolutions(s))
    pairs = ctx["saksi_baris"]
    assert len(pairs) == (members + 2) // 2
    assert pairs[0]["kiri"]["nama"] == "Wasto"
    if members % 2 == 0:
        assert pairs[-1]["kanan"] == {"no": "", "nama": "", "nama_kapital": "", "nip": "", "jabatan": ""}
    out = tmp_path / "p.docx"
    PactRenderer().render(ctx, out)
    text = _all_text(Document(str(out)))
    assert "WASTO" in text and all(f"Dr. ANGGOTA {i}" in text for i in range(1, members + 1))
    assert text.count("NIP. 19630215 198403 1 011") == 1  # only the regional secretary has a NIP


def test_template_has_no_stale_parts():
    with zipfile.ZipFile(default_template()) as z:
        names = z.namelist()
        core = z.read("docProps/core.xml").decode()
        app = z.read("docProps/app.xml").decode()
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    assert "Templat docxtpl" not in core and "Application" not in app


@pytest.mark.parametrize("count, kept", [(5, 5), (20, 20), (25, 2)])
def test_yearly_rows_keep_with_the_signatures(tmp_path, count, kept):
    """Up to 20 indicators the whole yearly table keeps with the signatures below it; in
    a longer one only the last two rows do (the table then starts right after table A)."""
    import copy

    p, s = fx.panel(), fx.submission()
    base = s.indicators[0]
    s.indicators = []
    for i in range(count):
        ind = copy.deepcopy(base)
        ind.kode, ind.indikator = f"IK-{i:02d}", f"Indikator nomor {i}"
        s.indicators.append(ind)
    out = tmp_path / "p.docx"
    PactRenderer().render(build_context(p, s, _plain(s)), out)
    root = etree.fromstring(rendered_xml(out))
    tbl = [t for t in root.iter(W + "tbl") if b">2019<" in etree.tostring(t)][-1]
    rows = tbl.findall(W + "tr")[1:]
    assert len(rows) == count
    keeps = [all(p.find(f"{W}pPr/{W}keepNext") is not None for p in r.iter(W + "p")) for r in rows]
    assert keeps == [False] * (count - kept) + [True] * kept
    # the legend keeps with the signature block too
    legend = [x for x in root.iter(W + "p") if "Angka tebal" in "".join(t.text or "" for t in x.iter(W + "t"))][0]
    assert legend.find(f"{W}pPr/{W}keepNext") is not None


def _plain(sub):
    from lelang_xlsx.model import NO_OFFER, Resolution

    return [Resolution(kode_opd="DINKES", nama_opd="Dinas Kesehatan", indicator=i, usulan_nilai=i.target_akhir,
                       usulan_tahun=i.tahun_akhir, status=NO_OFFER, disepakati_nilai=i.target_akhir,
                       disepakati_tahun=i.tahun_akhir) for i in sub.indicators]


def test_field_listing_gives_the_auctions_own_city(tmp_path):
    """`lelang pact-fields FOLDER` (pact, PK and report card) takes its examples from that
    auction's panel.xlsx: Kota Blitar's list does not say Kota Malang."""
    import openpyxl
    from click.testing import CliRunner

    from lelang_xlsx.cli import main

    root = tmp_path / "blitar"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    wb = openpyxl.load_workbook(root / "panel.xlsx")
    ws = wb["Pengaturan"]
    values = {"Nama Pemerintah Daerah": "Pemerintah Kota Blitar", "Jabatan Kepala Daerah": "Wali Kota Blitar",
              "Tempat Penandatanganan": "Blitar"}
    for r in range(1, ws.max_row + 1):
        label = str(ws.cell(r, 1).value or "").rstrip(" *")
        if label in values:
            ws.cell(r, 2).value = values[label]
    wb.save(root / "panel.xlsx")
    for extra in ([], ["--pk"], ["--rapor"]):
        out = CliRunner().invoke(main, ["pact-fields", *extra, str(root)]).output
        assert "Wali Kota Blitar" in out and "Malang" not in out, (extra, out)
    out = CliRunner().invoke(main, ["pact-fields"]).output
    assert "Sekretaris Daerah Kota Malang" in out  # without a folder: the bundled sample's
