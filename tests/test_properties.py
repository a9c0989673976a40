"""Property-based tests: workbooks inside and around the contract.

* the checker never fails internally on a workbook written by a spreadsheet writer,
  whatever the cells hold;
* texts come back as they were written;
* a workbook that passes the check always yields a pact that python-docx opens and
  that shows every indicator.

Budgets are fixed and derandomized so CI runs the same examples every time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lelang_xlsx import contract as C
from lelang_xlsx.checking.checker import check_one
from lelang_xlsx.workbooks.formulir import FilledData, Raw, write_formulir
from lelang_xlsx.model import NO_OFFER, Resolution
from lelang_xlsx.documents.pacts import PactRenderer, build_context
from lelang_xlsx.workbooks.panel_example import example_panel
from lelang_xlsx.reading.xlsxread import Limits

PANEL = example_panel()
YEARS = list(PANEL.years)
RENDERER = PactRenderer()
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# any text a person might type or paste, control characters and scripts included
odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=0, max_size=30,
).filter(lambda s: "_x" not in s)
plain_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGH&<>'\"=+-@ꦩꦭꦁ😀", min_size=1, max_size=25).filter(str.strip)
number_cell = st.one_of(
    st.none(),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet="0123456789.,-% ", max_size=10),
    odd_text,
    st.builds(lambda v: Raw(v, num_format="0%"), st.floats(0, 2, allow_nan=False)),
)


def _valid_nip() -> str:
    return "19680411 199303 1 009"


@st.composite
def indicator_rows(draw, valid: bool):
    n = draw(st.integers(1, 3))
    rows = []
    for i in range(n):
        kode = f"IK-{i + 1:02d}"
        if valid:
            pol = draw(st.sampled_from(["Naik", "Turun"]))
            base = draw(st.integers(30, 70))
            step = draw(st.integers(1, 5))
            sign = 1 if pol == "Naik" else -1
            targets = {f"target_{y}": base + sign * step * (k + 1) for k, y in enumerate(YEARS)}
            row = {"no": i + 1, "kode": kode, "misi": draw(st.sampled_from(list(PANEL.missions))),
                   "sasaran": draw(plain_text), "program": draw(plain_text), "indikator": draw(plain_text),
                   "cara": draw(plain_text), "satuan": draw(st.sampled_from(["%", "orang", "indeks"])),
                   "polaritas": pol, "tahun_dasar": draw(st.sampled_from([2017, 2018])), "nilai_dasar": base,
                   "sumber": draw(plain_text), **targets}
        else:
            row = {"no": draw(st.one_of(st.none(), st.integers(0, 99))), "kode": draw(st.one_of(st.just(kode), odd_text)),
                   "misi": draw(st.one_of(st.sampled_from(list(PANEL.missions)), odd_text)),
                   "sasaran": draw(odd_text), "program": draw(odd_text), "indikator": draw(odd_text),
                   "cara": draw(odd_text), "satuan": draw(st.one_of(st.just("%"), odd_text)),
                   "polaritas": draw(st.one_of(st.sampled_from(C.POLARITIES), odd_text)),
                   "tahun_dasar": draw(st.one_of(st.none(), st.integers(1800, 2200), odd_text)),
                   "nilai_dasar": draw(number_cell), "sumber": draw(odd_text),
                   **{f"target_{y}": draw(number_cell) for y in YEARS}}
        rows.append(row)
    return rows


@st.composite
def workbooks(draw, valid: bool):
    indicators = draw(indicator_rows(valid))
    figures = []
    for ind in indicators:
        for _ in range(draw(st.integers(1 if valid else 0, 2))):
            figures.append({"kode": ind["kode"], "uraian": draw(plain_text if valid else odd_text),
                            "rincian": draw(st.one_of(st.none(), plain_text)), "tahun": 2017 if valid else draw(st.one_of(st.just(2017), odd_text)),
                            "nilai": draw(st.integers(0, 10**6)) if valid else draw(number_cell),
                            "satuan": "orang", "sumber": draw(plain_text if valid else odd_text)})
    identity = {"kode_opd": "DINKES", "nama_opd": PANEL.opds["DINKES"], "nama_kepala": draw(plain_text if valid else odd_text),
                "nip_kepala": _valid_nip() if valid else draw(st.one_of(st.just(_valid_nip()), odd_text, st.integers(0, 10**18))),
                "pangkat": draw(plain_text), "jabatan": draw(plain_text)}
    return FilledData(identity=identity, indicators=indicators, figures=figures)


def _check(filled: FilledData):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "DINKES.xlsx"
        write_formulir(path, PANEL, filled=filled)
        return check_one(path, "DINKES.xlsx", PANEL, Limits())


@SETTINGS
@given(workbooks(valid=False))
def test_checker_never_fails_internally(filled):
    sub = _check(filled)
    assert sub.readable
    for f in sub.findings:
        assert "galat internal" not in f.message, f
        assert f.code in {"LK201", "LK203", "LK301", "LK302", "LK303", "LK304", "LK305", "LK306", "LK307", "LK308",
                          "LK309", "LK310", "LK311", "LK312", "LK401", "LK402", "LK403"}, f
        if f.cell:
            assert f.sheet in (C.SHEET_IDENTITAS, C.SHEET_INDIKATOR, C.SHEET_PENDUKUNG)


@SETTINGS
@given(st.lists(odd_text, min_size=1, max_size=5))
def test_texts_round_trip(texts):
    rows = [{"kode": f"K{i}", "sasaran": t} for i, t in enumerate(texts)]
    sub = _check(FilledData(identity={}, indicators=rows, figures=[]))
    got = [i.sasaran for i in sub.indicators if i.kode]
    assert got == [t.strip() for t in texts]


@SETTINGS
@given(workbooks(valid=True))
def test_a_passing_workbook_always_yields_a_pact(filled):
    sub = _check(filled)
    errors = [f for f in sub.findings if f.is_error]
    assert not errors, errors
    resolutions = [Resolution(sub.kode_opd, PANEL.opds[sub.kode_opd], ind, ind.target_akhir, ind.tahun_akhir,
                              disepakati_nilai=ind.target_akhir, disepakati_tahun=ind.tahun_akhir, status=NO_OFFER)
                   for ind in sub.indicators]
    data = RENDERER.render_bytes(build_context(PANEL, sub, resolutions))
    import io

    doc = Document(io.BytesIO(data))
    from docx.oxml.ns import qn

    text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p")))
    for ind in sub.indicators:
        assert ind.indikator.strip() in text
