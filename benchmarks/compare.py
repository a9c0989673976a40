"""Compare the outputs of ``lelang run`` (``<auction>/hasil``) with those of the naive
script (its own output folder): same findings, same annotated cells and comments, same
recap values, same pacts. Used by ``tests/test_benchmark_equivalence.py`` and by
``benchmarks/run.py --verify``.

Each ``*_of`` function returns a plain, comparable structure; :func:`differences`
returns a list of human-readable differences (empty = identical in content).
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import openpyxl
import pandas as pd

FINDINGS_SHEET = "Hasil Pemeriksaan"

# Recap columns both recaps have; compared per (OPD, indicator) and per OPD.
INDIKATOR_KEY = ["Kode OPD", "Kode Indikator"]
PER_OPD_KEY = ["Kode"]


def _read(path: Path, sheet: str) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=sheet, engine="openpyxl")


def findings_of(laporan: Path) -> dict[str, set[tuple[str, str, str]]]:
    """file -> {(code, sheet, cell)} from a laporan.xlsx (lelang's or the naive one)."""
    df = _read(laporan, "Temuan").fillna("")
    if "Jenis" in df.columns:  # lelang's report has a status row per file
        df = df[df["Jenis"] == "temuan"]
    out: dict[str, set] = {}
    for f, code, sheet, cell in zip(df["Berkas"], df["Kode"], df["Lembar"], df["Sel"]):
        out.setdefault(str(f), set()).add((str(code), str(sheet), str(cell)))
    return out


def annotations_of(folder: Path) -> dict[str, set[tuple[str, str, str, str]]]:
    """file -> {(sheet, cell, fill rgb, comment text)} for every commented cell."""
    out: dict[str, set] = {}
    for p in sorted(folder.glob("*.xlsx")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(p)
        items = set()
        for ws in wb.worksheets:
            if ws.title == FINDINGS_SHEET:
                continue
            for row in ws.iter_rows():
                for c in row:
                    if c.comment is not None:
                        rgb = str(c.fill.fgColor.rgb or "")[-6:] if c.fill is not None and c.fill.fill_type else ""
                        items.add((ws.title, c.coordinate, rgb.upper(), c.comment.text))
        out[p.name] = items
    return out


def _norm(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return round(float(v), 9)
    return str(v)


def recap_of(rekap: Path, sheet: str, key: list[str], columns: list[str] | None = None) -> dict[tuple, dict]:
    df = _read(rekap, sheet)
    cols = columns or [c for c in df.columns if c not in key]
    return {tuple(str(x) for x in k): {c: _norm(row[c]) for c in cols if c in df.columns}
            for k, (_, row) in zip(df[key].itertuples(index=False, name=None), df.iterrows())}


def pact_texts(folder: Path) -> dict[str, list[str]]:
    """file -> paragraphs and table cells of each pact, in document order."""
    import docx

    out = {}
    for p in sorted(folder.glob("*.docx")):
        d = docx.Document(str(p))
        lines = [para.text for para in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                lines.append(" | ".join(c.text for c in row.cells))
        for s in d.sections:
            lines += [para.text for para in s.header.paragraphs] + [para.text for para in s.footer.paragraphs]
        out[p.name] = lines
    return out


def differences(hasil: Path, naive_out: Path) -> list[str]:
    """Content differences between lelang's hasil/ and the naive output folder."""
    hasil, naive_out = Path(hasil), Path(naive_out)
    diffs: list[str] = []

    a, b = findings_of(hasil / "laporan.xlsx"), findings_of(naive_out / "laporan.xlsx")
    for f in sorted(set(a) | set(b)):
        if a.get(f, set()) != b.get(f, set()):
            diffs.append(f"findings of {f}: only lelang {sorted(a.get(f, set()) - b.get(f, set()))}, "
                         f"only naive {sorted(b.get(f, set()) - a.get(f, set()))}")

    a, b = annotations_of(hasil / "umpan-balik"), annotations_of(naive_out / "umpan-balik")
    if set(a) != set(b):
        diffs.append(f"annotated copies: lelang {sorted(a)} vs naive {sorted(b)}")
    for f in sorted(set(a) & set(b)):
        if a[f] != b[f]:
            diffs.append(f"annotations of {f}: only lelang {sorted(a[f] - b[f])[:3]}, only naive {sorted(b[f] - a[f])[:3]}")

    for sheet, key in (("Indikator", INDIKATOR_KEY), ("Per OPD", PER_OPD_KEY)):
        ra = recap_of(hasil / "rekap.xlsx", sheet, key)
        rb = recap_of(naive_out / "rekap.xlsx", sheet, key)
        if set(ra) != set(rb):
            diffs.append(f"recap {sheet}: rows differ ({len(ra)} vs {len(rb)})")
        for k in sorted(set(ra) & set(rb)):
            shared = set(ra[k]) & set(rb[k])
            bad = {c: (ra[k][c], rb[k][c]) for c in sorted(shared) if ra[k][c] != rb[k][c]}
            if bad:
                diffs.append(f"recap {sheet} {k}: {bad}")

    a, b = pact_texts(hasil / "pakta"), pact_texts(naive_out / "pakta")
    if set(a) != set(b):
        diffs.append(f"pacts: lelang {sorted(a)} vs naive {sorted(b)}")
    for f in sorted(set(a) & set(b)):
        if a[f] != b[f]:
            first = next(i for i, (x, y) in enumerate(zip(a[f] + [""], b[f] + [""])) if x != y)
            diffs.append(f"pact {f}: first difference at line {first}: {a[f][first:first + 1]} vs {b[f][first:first + 1]}")
    return diffs
