"""Presentation decks: what a panel member sees on the slides, checked by opening the
decks with python-pptx, the validator and LibreOffice Impress."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pptx import Presentation

from lelang_xlsx.output import textfmt
from lelang_xlsx.auction import Auction
from lelang_xlsx.cli import main
from lelang_xlsx.paparan import paparan_stage
from lelang_xlsx.paparan.layout import SLIDE_H, SLIDE_W

from . import paparan_fixtures as F

SAMPLE = Path(__file__).resolve().parent.parent / "sample_workbooks" / "malang-2018"


# --------------------------------------------------------------------------- helpers

def slide_texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(c.text for row in shape.table.rows for c in row.cells)
    return out


def deck_text(prs) -> str:
    return "\n".join(t for s in prs.slides for t in slide_texts(s))


def charts(slide) -> list:
    return [s.chart for s in slide.shapes if s.has_chart]


def boxes_overlap(a, b) -> bool:
    return a.left < b.left + b.width and b.left < a.left + a.width and a.top < b.top + b.height and b.top < a.top + a.height


def content_shapes(slide) -> list:
    """Shapes that carry something: text, a chart or a table (background bands are not)."""
    return [s for s in slide.shapes if s.has_chart or s.has_table or (s.has_text_frame and s.text_frame.text.strip())]


def assert_layout(prs) -> None:
    """Every shape inside the 16:9 slide; no two text frames, charts or tables overlap;
    every text box holds its text at its font size (by the deck's own width metrics)."""
    from lelang_xlsx.paparan.layout import Box, lines_needed

    assert (prs.slide_width, prs.slide_height) == (SLIDE_W, SLIDE_H)
    assert abs(SLIDE_W / SLIDE_H - 16 / 9) < 0.01
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (n, shape.name)
            assert shape.left + shape.width <= SLIDE_W and shape.top + shape.height <= SLIDE_H, (n, shape.name)
        for a, b in itertools.combinations(content_shapes(slide), 2):
            assert not boxes_overlap(a, b), f"slide {n}: {a.name} ({a.text_frame.text[:30] if a.has_text_frame else ''}) " \
                                            f"overlaps {b.name} ({b.text_frame.text[:30] if b.has_text_frame else ''})"
        for shape in content_shapes(slide):
            if not shape.has_text_frame:
                continue
            box = Box(shape.left, shape.top, shape.width, shape.height)
            lines = 0
            size = None
            for p in shape.text_frame.paragraphs:
                sizes = {r.font.size.pt for r in p.runs if r.font.size is not None}
                size = max(sizes) if sizes else size
                lines += lines_needed("".join(r.text for r in p.runs), box.inner_w_pt, size)
            assert lines * size * 1.2 <= box.inner_h_pt + 0.01, f"slide {n}: text overflows {shape.text_frame.text[:40]!r}"


def read_indicators(path: Path) -> list[dict]:
    """The Indikator sheet as the OPD typed it, read with openpyxl (not our reader)."""
    ws = load_workbook(path, data_only=True)["Indikator"]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:] if any(v is not None for v in r)]


def read_figures(path: Path) -> list[dict]:
    ws = load_workbook(path, data_only=True)["Data Pendukung"]
    rows = list(ws.iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:] if any(v is not None for v in r)]


def col(row: dict, name: str):
    """A cell by its header, with or without the required-field mark '*'."""
    for key, value in row.items():
        if key.rstrip(" *").casefold() == name.casefold():
            return value
    raise KeyError(name)


# --------------------------------------------------------------------------- the Malang sample

# The panel's decisions for DINKES: offer, offer year, decision, negotiated value.
DINKES_OFFERS = {"DINKES-01": (40.9, 2022, "Sanggup", None), "DINKES-02": (4.71, None, "Tidak Sanggup", 4.86),
                 "DINKES-03": (12.4, None, "Tidak Sanggup", None), "DINKES-05": (100, None, "Sanggup", None)}


def type_offers(root: Path) -> None:
    """Type the DINKES decisions into penawaran.xlsx as the secretariat would."""
    wb = load_workbook(root / "penawaran.xlsx")
    ws = wb["Penawaran"]
    head = {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}
    for row in ws.iter_rows(min_row=2):
        kode = row[head["Kode Indikator"] - 1].value
        offer, year, decision, agreed = DINKES_OFFERS.get(kode, (None, None, None, None))
        if kode and kode.startswith("DINKES-"):
            for name, value in (("Tawaran Target Akhir", offer), ("Tawaran Tahun", year), ("Keputusan", decision),
                                ("Target Disepakati", agreed), ("Tahun Disepakati", None)):
                row[head[name] - 1].value = value
    wb.save(root / "penawaran.xlsx")


@pytest.fixture(scope="module")
def malang(tmp_path_factory):
    root = tmp_path_factory.mktemp("paparan") / "malang"
    shutil.copytree(SAMPLE, root)
    if not (root / "penawaran.xlsx").exists():
        assert CliRunner().invoke(main, ["offers", str(root)]).exit_code == 0
    type_offers(root)
    result = CliRunner().invoke(main, ["run", str(root), "--paparan"])
    assert result.exit_code == 0, result.output
    return root


def test_run_with_paparan_writes_nine_decks_and_the_session_deck(malang):
    decks = sorted(p.name for p in (malang / "hasil" / "paparan").glob("*.pptx"))
    assert len(decks) == 10 and "sesi.pptx" in decks
    assert "DINKES_dinas-kesehatan.pptx" in decks
    manifest = (malang / "hasil" / "manifest.json").read_text(encoding="utf-8")
    assert "hasil/paparan/DINKES_dinas-kesehatan.pptx" in manifest


def test_every_deck_shows_each_indicator_with_its_numbers_and_chart_series(malang):
    for wb in sorted((malang / "masuk").glob("*.xlsx")):
        kode = wb.stem
        [deck] = (malang / "hasil" / "paparan").glob(f"{kode}_*.pptx")
        prs = Presentation(str(deck))
        text = deck_text(prs)
        rows = read_indicators(wb)
        assert rows
        assert "Lelang Kinerja 2019–2023" in text and "Pemerintah Kota Malang" in text
        for row in rows:
            name = col(row, "Indikator Kinerja")
            base = float(col(row, "Nilai Dasar"))
            targets = [float(col(row, f"Target {y}")) for y in range(2019, 2024)]
            satuan = col(row, "Satuan")
            assert name in text
            [slide] = [s for s in prs.slides if name in slide_texts(s) and charts(s)]  # its own slide, once
            texts = slide_texts(slide)
            suffix = "%" if satuan == "%" else ""
            assert textfmt.number(base) + suffix in texts  # titik nol in large figures, 1.234,5 form
            assert textfmt.number(targets[-1]) + suffix in texts  # titik akhir
            assert any(t.startswith(f"Titik nol ({col(row, 'Tahun Dasar')})") for t in texts)
            line = next(c for c in charts(slide) if c.chart_type is not None and "LINE" in str(c.chart_type))
            series = line.plots[0].series[0]
            assert list(series.values) == pytest.approx([base] + targets)
            assert list(line.plots[0].categories) == [str(col(row, "Tahun Dasar"))] + [str(y) for y in range(2019, 2024)]
    # the panel's offer from penawaran.xlsx as a further series
    [deck] = (malang / "hasil" / "paparan").glob("DINKES_*.pptx")
    [slide] = [s for s in Presentation(str(deck)).slides if "Angka Kematian Ibu" in slide_texts(s) and charts(s)]
    line = next(c for c in charts(slide) if "LINE" in str(c.chart_type))
    offer = next(s for s in line.plots[0].series if s.name == "Tawaran Tim Penilai")
    assert dict(zip(line.plots[0].categories, offer.values))["2022"] == pytest.approx(40.9)
    assert "disepakati 40,9 (2022)" in slide_texts(slide)  # under the titik akhir


def test_maternal_mortality_bars_hold_the_kecamatan_figures(malang):
    [deck] = (malang / "hasil" / "paparan").glob("DINKES_*.pptx")
    prs = Presentation(str(deck))
    [slide] = [s for s in prs.slides if "Angka Kematian Ibu" in slide_texts(s) and charts(s)]
    bar = next(c for c in charts(slide) if "BAR" in str(c.chart_type))
    cats = list(bar.plots[0].categories)
    assert cats == ["Blimbing", "Kedungkandang", "Klojen", "Lowokwaru", "Sukun"]
    figures = [f for f in read_figures(SAMPLE / "masuk" / "DINKES.xlsx") if col(f, "Kode Indikator") == "DINKES-01"]
    assert figures
    by_name = {s.name: list(s.values) for s in bar.plots[0].series}
    hamil = [float(col(f, "Nilai")) for f in figures
             if col(f, "Uraian Data") == "Jumlah ibu hamil" and col(f, "Rincian") != "Total"]
    assert by_name["Jumlah ibu hamil (orang)"] == pytest.approx(hamil)
    texts = "\n".join(slide_texts(slide))
    assert "Data pendukung per kecamatan" in texts
    assert "Jumlah ibu hamil (total): 14.689 orang" in texts and "Kematian ibu: 8 orang" in texts
    assert "Sumber: Profil Kesehatan Kota Malang 2017" in texts


def test_session_deck_has_one_summary_per_opd_in_panel_order(malang):
    prs = Presentation(str(malang / "hasil" / "paparan" / "sesi.pptx"))
    titles = [t for s in list(prs.slides)[1:] for t in slide_texts(s) if re.match(r"^\d+\. ", t)]
    wb = load_workbook(malang / "panel.xlsx", data_only=True)["OPD"]
    codes = [r[0] for r in wb.iter_rows(min_row=2, values_only=True) if r[0]]
    assert [re.search(r"\((\w+)\)$", t).group(1) for t in titles] == codes
    # the decisions typed in the sample's penawaran.xlsx
    [dinkes] = [sl for sl in prs.slides if "2. Dinas Kesehatan (DINKES)" in slide_texts(sl)]
    texts = slide_texts(dinkes)
    assert "Angka Kematian Ibu" in texts and "40,9 (2022)" in texts
    assert texts.count("Sanggup") == 2 and texts.count("Tidak Sanggup") == 2 and texts.count("Tanpa tawaran") == 1
    assert any("5 indikator · 4 tawaran · 2 Sanggup · 2 Tidak Sanggup" in t for t in texts)


def test_malang_decks_stay_on_their_slides(malang):
    for deck in sorted((malang / "hasil" / "paparan").glob("*.pptx")):
        assert_layout(Presentation(str(deck)))


def audit(deck: Path) -> None:
    exe = shutil.which("openxml-audit") or str(Path(sys.executable).parent / "openxml-audit")
    if not Path(exe).exists():
        pytest.skip("openxml-audit not installed")
    out = subprocess.run([exe, str(deck)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and not re.search(r"Errors: [1-9]", out.stdout), f"{deck.name}:\n{out.stdout[-2000:]}"


def test_decks_pass_openxml_audit(malang, odd):
    for deck in sorted((malang / "hasil" / "paparan").glob("*.pptx")) + odd.paths:
        audit(deck)


def test_rerun_keeps_decks_and_gives_the_same_bytes(malang, tmp_path):
    folder = malang / "hasil" / "paparan"
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.glob("*.pptx")}
    assert CliRunner().invoke(main, ["run", str(malang), "--paparan"]).exit_code == 0
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.glob("*.pptx")}
    assert after == before  # cached: not rewritten
    # without the cache, the same content again: the same bytes
    copy = tmp_path / "again"
    shutil.copytree(SAMPLE, copy)
    shutil.copy(malang / "penawaran.xlsx", copy / "penawaran.xlsx")
    assert CliRunner().invoke(main, ["run", str(copy), "--paparan", "--no-cache"]).exit_code == 0
    fresh = {p.name: p.read_bytes() for p in (copy / "hasil" / "paparan").glob("*.pptx")}
    assert fresh == {k: v[1] for k, v in before.items()}


@pytest.mark.libreoffice
def test_deck_converts_to_pdf_with_one_page_per_slide(malang, tmp_path):
    from lelang_xlsx.documents.pdf import soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    [deck] = (malang / "hasil" / "paparan").glob("DINKES_*.pptx")
    profile = tmp_path / "profile"
    subprocess.run([soffice_path(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / (deck.stem + ".pdf")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == len(Presentation(str(deck)).slides) == 8  # title, overview, 5 indicators, sources


# --------------------------------------------------------------------------- odd data

@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd")
    sub = F.submission()
    outcome = paparan_stage(Auction.at(root), F.result(sub), F.resolutions(sub))
    assert not outcome.skipped
    return outcome


def test_long_names_many_figures_negative_values_stay_on_the_slides(odd):
    prs = Presentation(str(odd.written["ODD"]))
    assert_layout(prs)
    assert_layout(Presentation(str(odd.session)))
    text = deck_text(prs)
    assert F.NAME_40 in text and len(F.NAME_200) == 200 and F.NAME_200 in text  # both names whole
    assert "-1.234,5" in text and "-1.734.567,89" in text and "12,5%" in text and "17,125%" in text
    assert "Tidak ada data pendukung untuk indikator ini." in text


def test_twelve_figures_and_missing_rincian(odd):
    prs = Presentation(str(odd.written["ODD"]))
    [slide] = [s for s in prs.slides if F.NAME_200 in slide_texts(s) and charts(s)]
    bar = next(c for c in charts(slide) if "BAR" in str(c.chart_type))
    drawn = sorted(v for s in bar.plots[0].series for v in s.values if v is not None)
    figures = [f for f in F.submission().figures if f.kode == "ODD-02"]
    with_rincian = sorted(f.nilai for f in figures if f.rincian)
    assert drawn == pytest.approx(with_rincian)  # ten breakdown bars, negatives included
    texts = "\n".join(slide_texts(slide))
    assert "Uraian 1: 6.172,5 Rp juta" in texts  # a figure without Rincian, listed with its Uraian
    [one] = [s for s in prs.slides if F.NAME_40 in slide_texts(s) and charts(s)]
    single = next(c for c in charts(one) if "BAR" in str(c.chart_type))
    assert list(single.plots[0].categories) == ["Satu angka saja"]  # no Rincian: the Uraian labels the bar


def test_offer_and_agreed_path_are_further_series(odd):
    prs = Presentation(str(odd.written["ODD"]))
    [slide] = [s for s in prs.slides if F.NAME_40 in slide_texts(s) and charts(s)]
    line = next(c for c in charts(slide) if "LINE" in str(c.chart_type))
    series = {s.name: list(s.values) for s in line.plots[0].series}
    assert list(series) == ["Titik nol dan target usulan OPD", "Target disepakati", "Tawaran Tim Penilai"]
    assert series["Tawaran Tim Penilai"] == [None, None, None, None, 17.5, None]
    assert series["Target disepakati"] == [None, 13.5, 14.5, 16.0, 17.5, 17.5]
    # another indicator without a decision: only the proposal
    [other] = [s for s in prs.slides if F.NAME_200 in slide_texts(s) and charts(s)]
    assert [s.name for s in charts(other)[0].plots[0].series] == ["Titik nol dan target usulan OPD"]
    [kept] = [s for s in prs.slides if "Tanpa data pendukung" in slide_texts(s) and charts(s)]
    assert [s.name for s in charts(kept)[0].plots[0].series] == ["Titik nol dan target usulan OPD"]  # path = proposal


def test_odd_text_is_literal_everywhere(odd):
    path = odd.written["ODD"]
    prs = Presentation(str(path))
    text = deck_text(prs)
    assert F.ODD in text  # & < > " ' emoji, Javanese script and a leading = as typed
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xlsx"):  # the charts' embedded workbooks: no formulas from text
                with zipfile.ZipFile(__import__("io").BytesIO(z.read(name))) as inner:
                    for part in inner.namelist():
                        if part.startswith("xl/worksheets/"):
                            assert b"<f>" not in inner.read(part) and b"<f " not in inner.read(part)
    sesi = deck_text(Presentation(str(odd.session)))
    assert "Dinas Tanpa Formulir" in sesi and "Formulir belum diterima" in sesi


def test_paparan_command(tmp_path):
    root = tmp_path / "lelang"
    shutil.copytree(SAMPLE, root)
    offers = (root / "penawaran.xlsx").read_bytes() if (root / "penawaran.xlsx").exists() else None
    result = CliRunner().invoke(main, ["paparan", str(root)])
    assert result.exit_code == 0, result.output
    assert "9 bahan paparan OPD" in result.output
    assert (root / "hasil" / "paparan" / "sesi.pptx").is_file()
    after = (root / "penawaran.xlsx").read_bytes() if (root / "penawaran.xlsx").exists() else None
    assert after == offers  # reads the offers, never writes them


def test_many_indicators_continue_on_further_slides(tmp_path):
    sub = F.submission()
    base = sub.indicators[1]
    sub.indicators = [F._ind(2 + i, f"ODD-{i:02d}", F.NAME_200, "Rp juta", "Turun", base.nilai_dasar,
                             list(base.targets.values()), misi="M1" if i % 3 else "M2") for i in range(30)]
    outcome = paparan_stage(Auction.at(tmp_path), F.result(sub), [])
    prs = Presentation(str(outcome.written["ODD"]))
    assert_layout(prs)
    titles = [t for s in prs.slides for t in slide_texts(s) if t.startswith("Ringkasan indikator per misi")]
    assert len(titles) > 1 and titles[1].endswith("(lanjutan)")
    text = deck_text(prs)
    assert all(f"ODD-{i:02d}" in text for i in range(30))
    sesi = Presentation(str(outcome.session))
    assert_layout(sesi)
    assert any(t.endswith("(ODD) (lanjutan)") for s in sesi.slides for t in slide_texts(s))


def test_figures_of_very_different_sizes_get_a_chart_each(malang):
    [deck] = (malang / "hasil" / "paparan").glob("DINKES_*.pptx")
    [slide] = [s for s in Presentation(str(deck)).slides if "Angka Kematian Bayi" in slide_texts(s) and charts(s)]
    bars = [c for c in charts(slide) if "BAR" in str(c.chart_type)]
    titles = [c.chart_title.text_frame.text for c in bars]
    assert titles == ["Kematian bayi (orang)", "Kelahiran hidup (orang)"]  # 87 deaths would vanish beside 13.490 births
    assert list(bars[0].plots[0].series[0].values) == [17, 26, 7, 18, 19]
