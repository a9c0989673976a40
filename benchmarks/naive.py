"""The plain baseline: the same job done the way a user would write it by hand.

    python benchmarks/naive.py <auction> <out-folder>

* read: ``pandas.read_excel(..., engine="openpyxl")`` of every needed sheet of every
  workbook (one call per workbook with a list of sheet names, so openpyxl parses each
  file once: the baseline is not made slower than a careful user would write it);
* check: the rules of its time expressed simply with pandas (required cells, numbers typed
  as text, missions, polarity, baseline year, direction, monotone path, % range, supporting
  figures, NIP, OPD code/name, duplicates). It is a baseline for timing, not kept in step
  with new rules: its outputs are compared with the fast path's on frozen data, for the
  frozen codes only (``benchmarks/compare.py``, ``benchmarks/expected/findings.json``);
* annotate: ``openpyxl.load_workbook`` + fill + comment + a findings sheet + ``save``
  for every readable submission;
* offers: ``pandas.read_excel`` of ``penawaran.xlsx`` (rows appended with openpyxl only
  when a valid submission has indicators that are not in it yet), then resolution;
* recap: DataFrames, ``groupby`` for the per-OPD and per-mission tables,
  ``DataFrame.to_excel``;
* pacts: a fresh ``DocxTemplate(template)`` + ``render(context, autoescape=True)`` +
  ``save`` per pact, with the project's template and context builder
  (``lelang_xlsx.documents.pacts.build_context``);
* report: the findings as ``laporan.xlsx`` with ``DataFrame.to_excel``.

To make the outputs comparable, the script borrows from ``lelang_xlsx`` only the message
catalogue (``findings.make``), the value formatters used inside messages
(``tables.show``, ``textfmt.number``), the data classes the pact context builder takes
and ``pacts.build_context`` / ``pact_filename``. Everything that touches a file is plain
pandas / openpyxl / docxtpl.

What it does not detect (cell-level information pandas does not expose): formulas
without a stored value (LK105), hidden rows/merged cells (LK107), percent-formatted
cells (LK312), file limits (LK106). The benchmark data contains none of these.

Outputs go to ``<out-folder>/`` with the same layout as ``hasil/``. Stage timings are
returned by :func:`run_naive` (and printed as JSON by the command).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import sys
import time
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
from docxtpl import DocxTemplate
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from lelang_xlsx.checking.findings import Pos, make  # noqa: E402  (message catalogue)
from lelang_xlsx.rules import SEVERITY_NAMES  # noqa: E402
from lelang_xlsx.model import (ACCEPTED, INVALID, NO_OFFER, REFUSED, UNDECIDED, Identity,  # noqa: E402
                               Indicator, Panel, Resolution, Submission)
from lelang_xlsx.documents.pacts import build_context, default_template, pact_filename  # noqa: E402
from lelang_xlsx.agreement.path import fill_path  # noqa: E402
from lelang_xlsx.reading.tables import show  # noqa: E402
from lelang_xlsx.output.textfmt import number as fmt_number  # noqa: E402

# Sheet names and headers, written out as a user would.
IDENTITAS, INDIKATOR, PENDUKUNG, DAFTAR = "Identitas", "Indikator", "Data Pendukung", "_Daftar"
ID_LABELS = {
    "Kode OPD": "kode_opd", "Nama OPD": "nama_opd", "Nama Kepala OPD": "nama_kepala",
    "NIP Kepala OPD": "nip_kepala", "Pangkat/Golongan": "pangkat", "Jabatan": "jabatan",
    "Nama Petugas Pengisi": "petugas", "Kontak Petugas": "kontak", "Tanggal Pengisian": "tanggal",
}
ID_REQUIRED = ["kode_opd", "nama_opd", "nama_kepala", "nip_kepala", "pangkat", "jabatan"]
IND_HEADERS = {
    "No": "no", "Kode Indikator": "kode", "Misi": "misi", "Sasaran Strategis": "sasaran", "Program": "program",
    "Indikator Kinerja": "indikator", "Cara Perhitungan": "cara", "Satuan": "satuan", "Polaritas": "polaritas",
    "Tahun Dasar": "tahun_dasar", "Nilai Dasar": "nilai_dasar", "Sumber Data": "sumber",
}
FIG_HEADERS = {"Kode Indikator": "kode", "Uraian Data": "uraian", "Rincian": "rincian", "Tahun": "tahun",
               "Nilai": "nilai", "Satuan": "satuan", "Sumber Data": "sumber"}
FIG_REQUIRED = ["kode", "uraian", "tahun", "nilai", "satuan", "sumber"]
POLARITIES = ("Naik", "Turun", "Tetap")
FILL = {"E": "FFC7CE", "W": "FFEB9C"}
AUTHOR = "Pemeriksa Lelang Kinerja"
PEN_COLS = ["Kode OPD", "Nama OPD", "Kode Indikator", "Indikator Kinerja", "Satuan", "Polaritas", "Nilai Dasar",
            "Usulan Target Akhir", "Usulan Tahun", "Tawaran Target Akhir", "Tawaran Tahun", "Keputusan",
            "Target Disepakati", "Catatan", "Status Baris"]


def _letter(col: int) -> str:
    return openpyxl.utils.get_column_letter(col)


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _text(v) -> str:
    if _blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.date().isoformat()
    return str(v).strip()


def _parse_text_number(s: str):
    """'12,5' -> 12.5, '1.234,5' -> 1234.5; ('ambiguous', a, b) for '1.234'; None if not a number."""
    s = re.sub(r"\s+", "", s)
    if re.fullmatch(r"\d+", s):
        return float(s)
    m = re.fullmatch(r"([1-9]\d{0,2})[.,](\d{3})", s)
    if m:
        return ("ambiguous", float(m.group(1) + m.group(2)), float(m.group(1) + "." + m.group(2)))
    m = re.fullmatch(r"([1-9]\d{0,2}(?:\.\d{3})+|\d+),(\d+)", s)
    if m:
        return float(m.group(1).replace(".", "") + "." + m.group(2))
    m = re.fullmatch(r"([1-9]\d{0,2}(?:,\d{3})+|\d+)\.(\d+)", s)
    if m:
        return float(m.group(1).replace(",", "") + "." + m.group(2))
    return None


def _nip_problem(v) -> tuple[str, str | None]:
    if isinstance(v, (int, float)):
        return f"{v:.15g}", "disimpan sebagai angka sehingga digit terakhir hilang (Excel hanya menyimpan 15 digit)"
    text = str(v).strip().lstrip("'")
    d = re.sub(r"[\s.\-]+", "", text)
    if not d.isdigit():
        return text, "harus berisi angka saja"
    if len(d) != 18:
        return text, f"berisi {len(d)} digit, seharusnya 18"
    try:
        birth = dt.date(int(d[:4]), int(d[4:6]), int(d[6:8]))
    except ValueError:
        return d, f"tanggal lahir {d[:8]} tidak ada"
    y, m = int(d[8:12]), int(d[12:14])
    if not 1 <= m <= 12 or y < 1900:
        return d, f"TMT CPNS {d[8:14]} bukan bulan yang ada"
    if (y, m) <= (birth.year, birth.month):
        return d, "TMT CPNS tidak boleh sebelum tanggal lahir"
    if d[14] not in "12":
        return d, f"digit jenis kelamin '{d[14]}' harus 1 (laki-laki) atau 2 (perempuan)"
    return d, None


def _is_year(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, str) and re.fullmatch(r"\s*\d{4}\s*", v):
        v = int(v)
    return v if isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100 else None


def _table(df: pd.DataFrame, headers: dict[str, str]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Header row 1 -> columns renamed to keys; index = Excel row number."""
    head = {str(v).strip().rstrip("*").strip().casefold(): i for i, v in enumerate(df.iloc[0].tolist()) if not _blank(v)}
    keys = {}
    for label, key in headers.items():
        if label.casefold() in head:
            keys[key] = head[label.casefold()]
    data = df.iloc[1:, list(keys.values())].copy()
    data.columns = list(keys)
    data.index = data.index + 1  # header=None: index 0 is Excel row 1
    return data, {k: c + 1 for k, c in keys.items()}


# --------------------------------------------------------------------------- panel


def read_panel(path: Path) -> Panel:
    sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    s = sheets["Pengaturan"]
    settings = {str(a).strip(): b for a, b in zip(s[0], s[1]) if not _blank(a)}
    tanggal = settings.get("Tanggal Penandatanganan")
    panel = Panel(
        path="panel.xlsx",
        nama_pemda=_text(settings.get("Nama Pemerintah Daerah")),
        jabatan_kepala_daerah=_text(settings.get("Jabatan Kepala Daerah")),
        nama_kepala_daerah=_text(settings.get("Nama Kepala Daerah")),
        nama_sekda=_text(settings.get("Nama Sekretaris Daerah")),
        nip_sekda=re.sub(r"\s+", "", _text(settings.get("NIP Sekretaris Daerah"))),
        tahun_awal=int(settings["Tahun Awal"]),
        tahun_akhir=int(settings["Tahun Akhir"]),
        tempat=_text(settings.get("Tempat Penandatanganan")),
        tanggal=pd.Timestamp(tanggal).date() if not _blank(tanggal) else None,
    )
    for sheet, attr in (("Misi", "missions"), ("OPD", "opds"), ("Tim Penilai", "members")):
        df = sheets[sheet].iloc[1:, :2].dropna(how="all")
        for i, (a, b) in zip(df.index, df.itertuples(index=False, name=None)):
            if attr == "members":
                panel.members.append((_text(a), _text(b)))
            else:
                getattr(panel, attr)[_text(a)] = _text(b)
                if attr == "opds":
                    panel.opd_rows[_text(a)] = i + 1
    return panel


# --------------------------------------------------------------------------- read + check


class Naive:
    """One OPD workbook as DataFrames plus its findings."""

    def __init__(self, name: str):
        self.name = name
        self.readable = False
        self.sheets: dict[str, pd.DataFrame] = {}
        self.findings: list = []
        self.ident: dict[str, object] = {}
        self.id_rows: dict[str, int] = {}
        self.ind = pd.DataFrame()
        self.fig = pd.DataFrame()
        self.ind_cols: dict[str, int] = {}
        self.fig_cols: dict[str, int] = {}

    @property
    def errors(self) -> int:
        return sum(f.severity == "E" for f in self.findings)

    @property
    def valid(self) -> bool:
        return self.readable and self.errors == 0

    def add(self, code, sheet=None, row=None, col=None, **params):
        self.findings.append(make(code, Pos(self.name, sheet, row, col), **params))


def read_one(path: Path) -> Naive:
    sub = Naive(path.name)
    try:
        sub.sheets = pd.read_excel(path, sheet_name=[IDENTITAS, INDIKATOR, PENDUKUNG, DAFTAR], header=None,
                                   engine="openpyxl")
        sub.readable = True
    except Exception as exc:  # noqa: BLE001
        sub.add("LK101", detail=f"berkas tidak dapat dibaca ({exc.__class__.__name__})")
    return sub


def _numbers(sub: Naive, df: pd.DataFrame, key: str, col: int, header: str, sheet: str, code: str = "LK302",
             detail: bool = False) -> pd.Series:
    """Convert a column to floats, reporting text numbers (LK303/LK304) and non-numbers."""
    out = []
    for r, v in df[key].items():
        if _blank(v):
            out.append(None)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
        else:
            p = _parse_text_number(str(v)) if isinstance(v, str) else None
            extra = {"detail": f"'{header}' harus berupa angka, tetapi berisi '{show(v)}'"} if detail else {}
            if isinstance(p, float):
                sub.add("LK303", sheet, r, col, header=header, value=show(v), number=fmt_number(p))
                out.append(p)
            elif isinstance(p, tuple):
                sub.add("LK304", sheet, r, col, header=header, value=show(v), a=f"{p[1]:.0f}", b=fmt_number(p[2]))
                out.append(None)
            else:
                sub.add(code, sheet, r, col, header=header, value=show(v), **extra)
                out.append(None)
    return pd.Series(out, index=df.index, dtype=object)


def check_one(sub: Naive, panel: Panel) -> None:
    if not sub.readable:
        return
    years = list(panel.years)
    # version marker
    d = sub.sheets[DAFTAR]
    marker = d.iat[0, 1] if d.shape[0] and d.shape[1] > 1 and str(d.iat[0, 0]).strip() == "Versi Templat" else None
    marker = _text(marker)
    if marker != "1":
        sub.add("LK104", detail="Penanda versi formulir tidak ditemukan" if not marker else
                f"Formulir bertanda versi '{show(marker)}'", expected="1")
    # Identitas: label in A, value in B
    ident = sub.sheets[IDENTITAS]
    for i, (label, value) in enumerate(zip(ident[0], ident[1] if 1 in ident else [None] * len(ident))):
        key = ID_LABELS.get(_text(label).rstrip("*").strip())  # required labels carry a '*'
        if key and key not in sub.id_rows:
            sub.id_rows[key] = i + 1
            sub.ident[key] = value
    for key in ID_REQUIRED:
        label = next(k for k, v in ID_LABELS.items() if v == key)
        if key not in sub.id_rows:
            sub.add("LK201", IDENTITAS, label=label)
        elif _blank(sub.ident[key]):
            sub.add("LK201", IDENTITAS, sub.id_rows[key], 2, label=label)
    nip = sub.ident.get("nip_kepala")
    if not _blank(nip):
        digits, problem = _nip_problem(nip)
        sub.ident["nip_kepala"] = digits
        if problem:
            sub.add("LK203", IDENTITAS, sub.id_rows["nip_kepala"], 2, value=show(digits), detail=problem)
    kode = _text(sub.ident.get("kode_opd"))
    if kode:
        canon = {k.casefold(): k for k in panel.opds}
        if kode.casefold() in canon:
            sub.ident["kode_opd"] = canon[kode.casefold()]
        else:
            sub.add("LK202", IDENTITAS, sub.id_rows["kode_opd"], 2, value=show(kode), hint="")
    nama, expected = _text(sub.ident.get("nama_opd")), panel.opds.get(_text(sub.ident.get("kode_opd")))
    if expected and nama and " ".join(nama.split()).casefold() != " ".join(expected.split()).casefold():
        sub.add("LK206", IDENTITAS, sub.id_rows["nama_opd"], 2, value=show(nama), expected=show(expected))

    # Indikator
    headers = dict(IND_HEADERS, **{f"Target {y}": f"target_{y}" for y in years})
    ind, cols = _table(sub.sheets[INDIKATOR], headers)
    missing = [label for label, key in headers.items() if key != "no" and key not in cols]
    for label in missing:
        sub.add("LK103", INDIKATOR, header=label, problem="tidak ditemukan di baris judul")
    if missing:
        return
    ind = ind[~ind.drop(columns="no").map(_blank).all(axis=1)]
    sub.ind_cols = cols
    for key in ("kode", "misi", "sasaran", "program", "indikator", "cara", "satuan", "polaritas", "sumber"):
        ind[key] = ind[key].map(_text)
    ctx = {r: (f" (indikator {show(k)})" if k else f" (baris {r})") for r, k in ind["kode"].items()}
    ind["polaritas"] = ind["polaritas"].map(lambda p: {x.casefold(): x for x in POLARITIES}.get(p.casefold(), p))
    pct = ind["satuan"].str.strip().str.casefold().isin(["%", "persen"])
    # required cells (LK301)
    for label, key in headers.items():
        if key == "no":
            continue
        for r in ind.index[ind[key].map(_blank)]:
            sub.add("LK301", INDIKATOR, r, cols[key], header=label, context=ctx[r])
    # numbers
    ind["nilai_dasar"] = _numbers(sub, ind, "nilai_dasar", cols["nilai_dasar"], "Nilai Dasar", INDIKATOR)
    for y in years:
        ind[f"target_{y}"] = _numbers(sub, ind, f"target_{y}", cols[f"target_{y}"], f"Target {y}", INDIKATOR)
    # baseline year (LK308)
    ty = ind["tahun_dasar"].map(lambda v: None if _blank(v) else (_is_year(v) or -1))
    for r, v in ty.items():
        if v == -1:
            sub.add("LK308", INDIKATOR, r, cols["tahun_dasar"], value=show(ind.at[r, "tahun_dasar"]), first=panel.tahun_awal)
        elif v is not None and v >= panel.tahun_awal:
            sub.add("LK308", INDIKATOR, r, cols["tahun_dasar"], value=v, first=panel.tahun_awal)
    ind["tahun_dasar"] = ty.map(lambda v: None if v is None else int(v))
    # duplicate codes (LK305)
    norm_kode = ind["kode"].str.casefold()
    first_row = {}
    for r, k in norm_kode.items():
        if not k:
            continue
        if k in first_row:
            sub.add("LK305", INDIKATOR, r, cols["kode"], value=show(ind.at[r, "kode"]), other_row=first_row[k])
        else:
            first_row[k] = r
    # missions (LK306), polarity (LK307)
    missions = {m.casefold(): m for m in panel.missions}
    for r, m in ind["misi"].items():
        if m and m.casefold() not in missions:
            sub.add("LK306", INDIKATOR, r, cols["misi"], value=show(m), allowed=", ".join(panel.missions))
    ind["misi"] = ind["misi"].map(lambda m: missions.get(m.casefold(), m))
    for r, p in ind["polaritas"].items():
        if p and p not in POLARITIES:
            sub.add("LK307", INDIKATOR, r, cols["polaritas"], value=show(p))
    # direction (LK309) and path (LK310)
    last = f"target_{years[-1]}"
    for r, row in ind[ind["polaritas"].isin(["Naik", "Turun"])].iterrows():
        up = row["polaritas"] == "Naik"
        better = (lambda a, b: a > b) if up else (lambda a, b: a < b)
        end, base = row[last], row["nilai_dasar"]
        if end is not None and base is not None and not better(end, base):
            sub.add("LK309", INDIKATOR, r, cols[last], end=fmt_number(end), base=fmt_number(base),
                    polarity=row["polaritas"],
                    expect="harus lebih besar dari nilai dasar" if up else "harus lebih kecil dari nilai dasar")
        prev, prev_label = base, "Nilai Dasar"  # the path starts at the baseline; every wrong-way step
        for y in years:
            v = row[f"target_{y}"]
            if v is None:
                continue
            if prev is not None and better(prev, v):
                worse = "lebih rendah" if up else "lebih tinggi"
                sub.add("LK310", INDIKATOR, r, cols[f"target_{y}"], year=y, value=fmt_number(v),
                        detail=f"{worse} dari {prev_label} ({fmt_number(prev)})", polarity=row["polaritas"])
            prev, prev_label = v, f"target {y}"
    # % range (LK311)
    for key in ["nilai_dasar"] + [f"target_{y}" for y in years]:
        vals = ind.loc[pct, key]
        for r, v in vals.items():
            if v is not None and not 0 <= v <= 100:
                sub.add("LK311", INDIKATOR, r, cols[key], value=fmt_number(v), unit=str(ind.loc[r, "satuan"]).strip(),
                        range="antara 0 dan 100")
    sub.ind = ind

    # Data Pendukung
    fig, fcols = _table(sub.sheets[PENDUKUNG], FIG_HEADERS)
    missing = [label for label, key in FIG_HEADERS.items() if key != "rincian" and key not in fcols]
    for label in missing:
        sub.add("LK103", PENDUKUNG, header=label, problem="tidak ditemukan di baris judul")
    if missing:
        return
    fig = fig[~fig.map(_blank).all(axis=1)]
    sub.fig_cols = fcols
    for key in ("kode", "uraian", "rincian", "satuan", "sumber"):
        fig[key] = fig[key].map(_text)
    years_fig = fig["tahun"].map(lambda v: None if _blank(v) else _is_year(v))
    for r in fig.index[fig["tahun"].map(lambda v: not _blank(v)) & years_fig.isna()]:
        sub.add("LK403", PENDUKUNG, r, fcols["tahun"],
                detail=f"'Tahun' harus berupa tahun 4 digit, tetapi berisi '{show(fig.at[r, 'tahun'])}'")
    raw_nilai = fig["nilai"]
    fig["nilai"] = _numbers(sub, fig, "nilai", fcols["nilai"], "Nilai", PENDUKUNG, code="LK403", detail=True)
    fig["tahun"] = years_fig
    for key in FIG_REQUIRED:
        label = next(k for k, v in FIG_HEADERS.items() if v == key)
        src = raw_nilai if key == "nilai" else fig[key]
        for r in fig.index[src.map(_blank)]:
            sub.add("LK403", PENDUKUNG, r, fcols[key], detail=f"'{label}' wajib diisi")
    codes = set(ind["kode"].str.casefold()) - {""}
    counts = fig["kode"].str.casefold().value_counts()
    for r, k in fig["kode"].items():
        if k and k.casefold() not in codes:
            sub.add("LK402", PENDUKUNG, r, fcols["kode"], value=show(k))
    seen = set()
    for r, k in ind["kode"].items():
        if k and k.casefold() not in seen and counts.get(k.casefold(), 0) == 0:
            sub.add("LK401", INDIKATOR, r, cols["kode"], value=show(k))
        seen.add(k.casefold())
    sub.fig = fig
    if ind.empty:
        sub.add("LK301", INDIKATOR, 2, cols["kode"], header="Kode Indikator",
                context=" (formulir belum berisi satu indikator pun)")


def cross_file(subs: list[Naive], panel: Panel) -> list:
    general = []
    by_code: dict[str, list[Naive]] = {}
    for s in subs:
        k = _text(s.ident.get("kode_opd"))
        if s.readable and k:
            by_code.setdefault(k.casefold(), []).append(s)
    for group in by_code.values():
        if len(group) > 1:
            names = ", ".join(s.name for s in group)
            for s in group:
                s.add("LK204", IDENTITAS, s.id_rows["kode_opd"], 2, value=show(_text(s.ident["kode_opd"])), detail=names,
                      count=len(group))
    for code, name in panel.opds.items():
        if code.casefold() not in by_code:
            row = panel.opd_rows.get(code)
            general.append(make("LK205", Pos("panel.xlsx", "OPD", row, 1), value=code, name=show(name)))
    return general


# --------------------------------------------------------------------------- annotate


def annotate(src: Path, dest: Path, findings: list) -> None:
    items = sorted(findings, key=lambda f: (f.sheet, f.row or 0, f.col or 0, f.code))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(src)
    cells: dict[tuple[str, str], list] = {}
    for f in items:
        if f.sheet in wb.sheetnames and f.cell and f.col:
            cells.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, ref), group in cells.items():
        cell = wb[sheet][ref]
        cell.fill = PatternFill("solid", fgColor=FILL["E" if any(f.severity == "E" for f in group) else "W"])
        comment = Comment("\n".join(f"{f.code} ({SEVERITY_NAMES[f.severity]}): {f.message}" for f in group)[:2000],
                          AUTHOR)
        comment.width, comment.height = 320, 160
        cell.comment = comment
    ws = wb.create_sheet("Hasil Pemeriksaan")
    ws.append(["No", "Kode", "Tingkat", "Lembar", "Sel", "Pesan"])
    for c in ws[1]:
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4E78")
    for n, f in enumerate(items, start=1):
        ws.append([n, f.code, "galat" if f.severity == "E" else "peringatan", f.sheet or None, f.cell or None, f.message])
    if not items:
        ws.cell(2, 6, "Tidak ada temuan. Formulir sudah sesuai.")
    wb.active = len(wb.sheetnames) - 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)


# --------------------------------------------------------------------------- model objects for the pact


def to_submission(sub: Naive, years: list[int]) -> Submission:
    ident = Identity(**{k: (_text(v) if k != "tanggal" else None) for k, v in sub.ident.items()})
    indicators = []
    for r, row in sub.ind.iterrows():
        indicators.append(Indicator(
            row=r, kode=row["kode"], misi=row["misi"], sasaran=row["sasaran"], program=row["program"],
            indikator=row["indikator"], cara=row["cara"], satuan=row["satuan"], polaritas=row["polaritas"],
            tahun_dasar=row["tahun_dasar"], nilai_dasar=row["nilai_dasar"], sumber=row["sumber"],
            targets={y: row[f"target_{y}"] for y in years}))
    return Submission(path=sub.name, readable=True, identity=ident, indicators=indicators)


# --------------------------------------------------------------------------- offers


def _num(v):
    if _blank(v):
        return None, False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v), False
    p = _parse_text_number(str(v))
    return (p, False) if isinstance(p, float) else (None, True)


def offers(root: Path, panel: Panel, valid: list[tuple[Naive, Submission]]) -> tuple[list[Resolution], list]:
    path = root / "penawaran.xlsx"
    years = list(panel.years)
    desired = [(s, ind) for _, s in valid for ind in s.indicators]
    if not path.exists():
        raise SystemExit("naive: penawaran.xlsx is missing (the benchmark data always has one)")
    df = pd.read_excel(path, sheet_name="Penawaran", engine="openpyxl", dtype=object)
    df.index = df.index + 2
    have = set(zip(df["Kode OPD"].map(_text), df["Kode Indikator"].map(_text)))
    new = [(s, i) for s, i in desired if (s.identity.kode_opd, i.kode) not in have]
    if new:  # new indicators: append rows with openpyxl, keep a backup
        backup = root / "hasil" / "arsip" / f"penawaran-{dt.datetime.now():%Y%m%d-%H%M%S}.xlsx"
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
        wb = openpyxl.load_workbook(path)
        ws = wb["Penawaran"]
        for s, i in new:
            ws.append([s.identity.kode_opd, panel.opds.get(s.identity.kode_opd), i.kode, i.indikator, i.satuan,
                       i.polaritas, i.nilai_dasar, i.target_akhir, years[-1]])
        wb.save(path)
        df = pd.read_excel(path, sheet_name="Penawaran", engine="openpyxl", dtype=object)
        df.index = df.index + 2
    cols = {h: i + 1 for i, h in enumerate(df.columns)}
    rows = {}
    for r, k1, k2 in zip(df.index, df["Kode OPD"].map(_text), df["Kode Indikator"].map(_text)):
        rows.setdefault((k1, k2), r)
    found = []
    out = []

    def at(r, header):
        return Pos("penawaran.xlsx", "Penawaran", r, cols[header])

    for s, ind in desired:
        kode = s.identity.kode_opd
        res = Resolution(kode_opd=kode, nama_opd=panel.opds.get(kode) or s.identity.nama_opd, indicator=ind,
                         usulan_nilai=ind.target_akhir, usulan_tahun=years[-1])
        r = rows.get((kode, ind.kode))
        if r is None:
            res.disepakati_nilai, res.disepakati_tahun = res.usulan_nilai, res.usulan_tahun
            out.append(res)
            continue
        row = df.loc[r]
        res.row = r
        note = row.get("Catatan")
        res.catatan = "" if _blank(note) else (fmt_number(note) if isinstance(note, (int, float)) else str(note).strip())
        offer, bad = _num(row.get("Tawaran Target Akhir"))
        if bad:
            found.append(make("LK506", at(r, "Tawaran Target Akhir"), header="Tawaran Target Akhir",
                              value=show(row["Tawaran Target Akhir"])))
        year_raw = row.get("Tawaran Tahun")
        year = None if _blank(year_raw) else _is_year(year_raw)
        if not _blank(year_raw) and (year is None or year not in years):
            found.append(make("LK505", at(r, "Tawaran Tahun"), value=show(year_raw), first=years[0], last=years[-1]))
            bad, year = True, None
        if offer is None and not bad and year is not None and year != res.usulan_tahun:
            offer = res.usulan_nilai  # an offer in time only
        dec_raw = _text(row.get("Keputusan"))
        decision = {"sanggup": ACCEPTED, "tidak sanggup": REFUSED}.get(" ".join(dec_raw.split()).casefold())
        agreed, bad_agreed = _num(row.get("Target Disepakati"))
        agreed_year_raw = row.get("Tahun Disepakati")
        agreed_year = None if _blank(agreed_year_raw) else _is_year(agreed_year_raw)
        if bad_agreed:
            bad = True
            found.append(make("LK506", at(r, "Target Disepakati"), header="Target Disepakati",
                              value=show(row["Target Disepakati"])))
        if offer is None:
            if dec_raw:
                found.append(make("LK507", at(r, "Keputusan"), value=show(dec_raw)))
            res.status = INVALID if bad else NO_OFFER
            if not bad:
                res.disepakati_nilai, res.disepakati_tahun = res.usulan_nilai, res.usulan_tahun
            out.append(res)
            continue
        res.tawaran_nilai = offer
        res.tawaran_tahun = year or res.usulan_tahun
        up = ind.polaritas == "Naik"
        if res.usulan_nilai is not None:
            if (up and offer < res.usulan_nilai) or (ind.polaritas == "Turun" and offer > res.usulan_nilai):
                found.append(make("LK504", at(r, "Tawaran Target Akhir"), offer=fmt_number(offer),
                                  proposal=fmt_number(res.usulan_nilai), polarity=ind.polaritas))
            diff = (res.usulan_nilai - offer) if ind.polaritas == "Turun" else (offer - res.usulan_nilai)
            res.selisih_nilai = round(diff, 10)
            if res.usulan_nilai != 0:
                res.selisih_persen = round(res.selisih_nilai / abs(res.usulan_nilai) * 100, 10)
        res.tahun_lebih_cepat = res.usulan_tahun - res.tawaran_tahun
        if not dec_raw:
            found.append(make("LK502", at(r, "Keputusan"), value=f"indikator {ind.kode} ({ind.indikator})"))
            res.status = INVALID if bad else UNDECIDED
        elif decision is None or bad:
            if decision is None:
                found.append(make("LK503", at(r, "Keputusan"), value=show(dec_raw)))
            res.keputusan = decision
            res.status = INVALID
        elif decision == ACCEPTED:
            res.keputusan, res.status = decision, ACCEPTED
            res.disepakati_nilai, res.disepakati_tahun = res.tawaran_nilai, res.tawaran_tahun
        else:
            res.keputusan, res.status = decision, REFUSED
            res.disepakati_nilai = agreed if agreed is not None else res.usulan_nilai
            res.negosiasi = agreed is not None
            res.disepakati_tahun = agreed_year if agreed is not None and agreed_year else res.usulan_tahun
        out.append(res)
    for res in out:  # the agreed yearly path (docs/design/yearly-path.md), one library function
        fill_path(res, range(years[0], years[-1] + 1))
    return out, found


# --------------------------------------------------------------------------- recap


LABELS = {NO_OFFER: "Tanpa tawaran", ACCEPTED: "Sanggup", REFUSED: "Tidak Sanggup", UNDECIDED: "Belum diputuskan",
          INVALID: "Tidak valid"}


def improvement(pol, base, end):
    if base is None or end is None or base == 0:
        return None
    if pol == "Naik":
        return (end - base) / abs(base) * 100
    if pol == "Turun":
        return (base - end) / abs(base) * 100
    if pol == "Tetap":
        return -abs(end - base) / abs(base) * 100
    return None


def recap(path: Path, panel: Panel, subs: list[Naive], valid: list[tuple[Naive, Submission]],
          resolutions: list[Resolution]) -> None:
    years = list(panel.years)
    res_by = {(r.kode_opd, r.indicator.kode): r for r in resolutions}
    frames = []
    for n, s in valid:
        kode = s.identity.kode_opd
        df = n.ind.drop(columns=["no", "cara", "sumber"]).copy()
        df.insert(0, "Kode OPD", kode)
        df.insert(1, "Nama OPD", panel.opds.get(kode))
        df["Target Akhir"] = df[f"target_{years[-1]}"]
        df["Perbaikan (%)"] = [improvement(p, b, e) for p, b, e in zip(df["polaritas"], df["nilai_dasar"], df["Target Akhir"])]
        df["Jumlah Data Pendukung"] = df["kode"].map(n.fig["kode"].value_counts()).fillna(0).astype(int)
        rs = [res_by.get((kode, k)) for k in df["kode"]]
        df["Tawaran Target Akhir"] = [r.tawaran_nilai if r else None for r in rs]
        df["Tawaran Tahun"] = [r.tawaran_tahun if r and r.has_offer else None for r in rs]
        df["Keputusan"] = [LABELS.get(r.status, r.status) if r else None for r in rs]
        df["Target Disepakati"] = [r.disepakati_nilai if r else None for r in rs]
        df["Tahun Disepakati"] = [r.disepakati_tahun if r else None for r in rs]
        df["Selisih Tawaran"] = [r.selisih_nilai if r else None for r in rs]
        df["Selisih Tawaran (%)"] = [r.selisih_persen if r else None for r in rs]
        df["Lebih Cepat (tahun)"] = [r.tahun_lebih_cepat if r else None for r in rs]
        frames.append(df)
    names = {"kode": "Kode Indikator", "misi": "Misi", "sasaran": "Sasaran Strategis", "program": "Program",
             "indikator": "Indikator Kinerja", "satuan": "Satuan", "polaritas": "Polaritas",
             "tahun_dasar": "Tahun Dasar", "nilai_dasar": "Nilai Dasar", **{f"target_{y}": f"Target {y}" for y in years}}
    ind = pd.concat(frames).rename(columns=names) if frames else pd.DataFrame(columns=["Kode OPD"])
    # Per OPD: groupby over the indicator table
    g = ind.groupby("Kode OPD", sort=False)
    per = pd.DataFrame({
        "Jumlah Indikator": g.size(),
        "Misi yang Dilayani": g["Misi"].agg(lambda m: ", ".join(x for x in panel.missions if x in set(m))),
        "Rata-rata Perbaikan (%)": g["Perbaikan (%)"].agg(lambda v: v.dropna().astype(float).mean()),
        "Median Perbaikan (%)": g["Perbaikan (%)"].agg(lambda v: v.dropna().astype(float).median()),
        "Jumlah Tawaran": g["Tawaran Target Akhir"].agg(lambda v: int(v.notna().sum())),
        "Sanggup": g["Keputusan"].agg(lambda v: int((v == LABELS[ACCEPTED]).sum())),
        "Tidak Sanggup": g["Keputusan"].agg(lambda v: int((v == LABELS[REFUSED]).sum())),
        "Belum diputuskan": g["Keputusan"].agg(
            lambda v: int((~v.isin([LABELS[NO_OFFER], LABELS[ACCEPTED], LABELS[REFUSED]])).sum())),
        "Tanpa tawaran": g["Keputusan"].agg(lambda v: int((v == LABELS[NO_OFFER]).sum())),
    })
    submitted = {_text(s.ident.get("kode_opd")) for s in subs if s.readable}
    base = pd.DataFrame({"Kode": list(panel.opds), "Nama": list(panel.opds.values())})
    base["Status"] = ["valid" if k in per.index else ("ada galat" if k in submitted else "belum mengirim")
                      for k in base["Kode"]]
    per_opd = base.merge(per, left_on="Kode", right_index=True, how="left")
    # Per Misi
    gm = ind.groupby("Misi")
    misi = pd.DataFrame({"Kode": list(panel.missions), "Uraian": list(panel.missions.values())})
    misi["Jumlah OPD"] = misi["Kode"].map(gm["Kode OPD"].nunique()).fillna(0).astype(int)
    misi["OPD"] = misi["Kode"].map(gm["Kode OPD"].agg(lambda v: ", ".join(dict.fromkeys(v)))).fillna("")
    misi["Jumlah Indikator"] = misi["Kode"].map(gm.size()).fillna(0).astype(int)
    misi["Keterangan"] = ["BELUM ADA INDIKATOR" if n == 0 else "" for n in misi["Jumlah Indikator"]]
    # Data Pendukung
    figs = []
    for n, s in valid:
        f = n.fig.copy()
        f.insert(0, "Kode OPD", s.identity.kode_opd)
        f.insert(1, "Nama OPD", panel.opds.get(s.identity.kode_opd))
        f.insert(3, "Indikator Kinerja", f["kode"].map(dict(zip(n.ind["kode"], n.ind["indikator"]))).fillna(""))
        figs.append(f)
    pend = pd.concat(figs).rename(columns={"kode": "Kode Indikator", "uraian": "Uraian Data", "rincian": "Rincian",
                                           "tahun": "Tahun", "nilai": "Nilai", "satuan": "Satuan", "sumber": "Sumber Data"})
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path) as xw:
        ind.to_excel(xw, sheet_name="Indikator", index=False)
        per_opd.to_excel(xw, sheet_name="Per OPD", index=False)
        misi.to_excel(xw, sheet_name="Per Misi", index=False)
        pend.to_excel(xw, sheet_name="Data Pendukung", index=False)


# --------------------------------------------------------------------------- run


def run_naive(root: Path, out: Path, template: Path | None = None) -> dict[str, float]:
    """Process the auction in ``root`` into ``out``; returns seconds per stage."""
    root, out = Path(root), Path(out)
    template = template or default_template()
    t: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        t[stage] = t.get(stage, 0.0) + now - mark
        mark = now

    panel = read_panel(root / "panel.xlsx")
    files = sorted(p for p in (root / "masuk").iterdir()
                   if p.is_file() and not p.name.startswith(("~$", ".~lock.", ".")))
    subs = [read_one(p) for p in files]
    lap("read")
    for s in subs:
        check_one(s, panel)
    general = cross_file(subs, panel)
    lap("check")
    for s in subs:
        if s.readable:
            annotate(root / "masuk" / s.name, out / "umpan-balik" / s.name, s.findings)
    lap("annotate")
    counts: dict[str, int] = {}
    for s in subs:
        if s.valid:
            counts[_text(s.ident["kode_opd"])] = counts.get(_text(s.ident["kode_opd"]), 0) + 1
    years = list(panel.years)
    order = {k: i for i, k in enumerate(panel.opds)}
    valid = sorted(((s, to_submission(s, years)) for s in subs if s.valid and counts[_text(s.ident["kode_opd"])] == 1),
                   key=lambda p: order.get(p[1].identity.kode_opd, len(order)))
    resolutions, offer_findings = offers(root, panel, valid)
    lap("offers")
    recap(out / "rekap.xlsx", panel, subs, valid, resolutions)
    lap("recap")
    by_opd: dict[str, list[Resolution]] = {}
    for r in resolutions:
        by_opd.setdefault(r.kode_opd, []).append(r)
    (out / "pakta").mkdir(parents=True, exist_ok=True)
    for _, s in valid:
        kode = s.identity.kode_opd
        recs = by_opd.get(kode, [])
        if any(r.status not in (NO_OFFER, ACCEPTED, REFUSED) for r in recs):
            continue
        doc = DocxTemplate(str(template))
        doc.render(build_context(panel, s, recs), autoescape=True)
        doc.save(str(out / "pakta" / pact_filename(kode, panel.opds.get(kode) or s.identity.nama_opd)))
    lap("pacts")
    rows = [{"Berkas": f.file, "Lembar": f.sheet, "Sel": f.cell, "Kode": f.code,
             "Tingkat": "galat" if f.severity == "E" else "peringatan", "Pesan": f.message}
            for f in general + offer_findings + [f for s in subs for f in s.findings]]
    status = [{"Berkas": s.name, "Kode OPD": _text(s.ident.get("kode_opd")),
               "Galat": s.errors, "Peringatan": len(s.findings) - s.errors} for s in subs]
    with pd.ExcelWriter(out / "laporan.xlsx") as xw:
        pd.DataFrame(rows, columns=["Berkas", "Lembar", "Sel", "Kode", "Tingkat", "Pesan"]).to_excel(
            xw, sheet_name="Temuan", index=False)
        pd.DataFrame(status).to_excel(xw, sheet_name="Status Berkas", index=False)
    lap("report")
    return t


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        raise SystemExit("usage: python benchmarks/naive.py <auction> <out-folder>")
    print(json.dumps(run_naive(Path(argv[0]), Path(argv[1]))))


if __name__ == "__main__":
    main()
