"""Compare the outputs of ``lelang run`` (``<auction>/hasil``) with those of the naive
script (its own output folder): same findings, same annotated cells and comments, same
recap values, same pacts. Used by ``tests/test_benchmark_equivalence.py`` and by
``benchmarks/run.py --verify``.

Each ``*_of`` function returns a plain, comparable structure; :func:`differences`
returns a list of human-readable differences (empty = identical in content).

The naive script is a hand-written baseline for timing, not a second implementation that
must learn every new rule: the comparison is made on frozen data. ``expected/findings.json``
holds the findings of the benchmark data (:data:`FROZEN_DATA`) as the fast path gave them when
they were frozen; the naive script must give exactly those, and the fast path the same for
those codes (:func:`differences` with ``codes``). A rule added later shows up in neither
comparison; a changed rule that the frozen data covers fails it. Refreeze with
``python -m benchmarks.compare --freeze`` only when a covered rule changes on purpose.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path

import openpyxl
import pandas as pd

FINDINGS_SHEET = "Hasil Pemeriksaan"
FROZEN = Path(__file__).resolve().parent / "expected" / "findings.json"
# The benchmark data the frozen findings are of: generate_auction(root, **FROZEN_DATA).
FROZEN_DATA = {"n_opd": 3, "indicators": 8, "figures": 40, "seed": 1}
_FINDING_LINE = re.compile(r"^(LK\d{3}) \(")  # a comment's line that starts a finding: 'LK303 (galat): ...'

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


def frozen_findings() -> dict[str, set[tuple[str, str, str]]]:
    """The committed findings of the benchmark data: file -> {(code, sheet, cell)}."""
    data = json.loads(FROZEN.read_text(encoding="utf-8"))
    return {f: {tuple(x) for x in items} for f, items in data["findings"].items()}


def frozen_codes() -> set[str]:
    """The codes the frozen findings hold: the rules the comparison covers."""
    return {code for items in frozen_findings().values() for code, _, _ in items}


def freeze(findings: dict[str, set[tuple[str, str, str]]]) -> None:
    """Write ``expected/findings.json`` (sorted, so a refreeze shows as a readable diff)."""
    FROZEN.parent.mkdir(exist_ok=True)
    files = [f"  {json.dumps(f)}: [\n" + ",\n".join(f"   {json.dumps(list(x), ensure_ascii=False)}" for x in sorted(items))
             + "\n  ]" for f, items in sorted(findings.items())]
    FROZEN.write_text(f'{{\n "data": {json.dumps(FROZEN_DATA)},\n "findings": {{\n' + ",\n".join(files) + "\n }\n}\n",
                      encoding="utf-8")


def only_codes(findings: dict[str, set], codes: set[str]) -> dict[str, set]:
    """The findings whose code is in ``codes`` (files left without any are dropped)."""
    out = {f: {x for x in items if x[0] in codes} for f, items in findings.items()}
    return {f: items for f, items in out.items() if items}


def _comment_with(text: str, codes: set[str]) -> str:
    """A cell comment keeping only the findings whose code is in ``codes``."""
    kept, keep = [], False
    for line in text.split("\n"):
        m = _FINDING_LINE.match(line)
        if m:
            keep = m.group(1) in codes
        if keep:
            kept.append(line)
    return "\n".join(kept)


def annotations_of(folder: Path, codes: set[str] | None = None) -> dict[str, set[tuple[str, str, str, str]]]:
    """file -> {(sheet, cell, fill rgb, comment text)} for every commented cell; with
    ``codes``, the comments keep only those codes' findings (a cell left without any is dropped)."""
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
                        text = c.comment.text if codes is None else _comment_with(c.comment.text, codes)
                        if text:
                            items.add((ws.title, c.coordinate, rgb.upper(), text))
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


def differences(hasil: Path, naive_out: Path, codes: set[str] | None = None) -> list[str]:
    """Content differences between lelang's hasil/ and the naive output folder; with
    ``codes``, findings and comments are compared for those codes only (the frozen ones)."""
    hasil, naive_out = Path(hasil), Path(naive_out)
    diffs: list[str] = []

    a, b = findings_of(hasil / "laporan.xlsx"), findings_of(naive_out / "laporan.xlsx")
    if codes is not None:
        a, b = only_codes(a, codes), only_codes(b, codes)
    for f in sorted(set(a) | set(b)):
        if a.get(f, set()) != b.get(f, set()):
            diffs.append(f"findings of {f}: only lelang {sorted(a.get(f, set()) - b.get(f, set()))}, "
                         f"only naive {sorted(b.get(f, set()) - a.get(f, set()))}")

    a, b = annotations_of(hasil / "umpan-balik", codes), annotations_of(naive_out / "umpan-balik", codes)
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


def _freeze_main() -> None:
    """``python -m benchmarks.compare --freeze``: the fast path's findings of the benchmark data."""
    import sys
    import tempfile

    from benchmarks.generate import generate_auction
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.batch import run_batch

    if sys.argv[1:] != ["--freeze"]:
        raise SystemExit("usage: python -m benchmarks.compare --freeze")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lelang"
        data = dict(FROZEN_DATA)
        generate_auction(root, data.pop("n_opd"), jobs=1, **data)
        run_batch(Auction.at(root), jobs=1, use_cache=False)
        freeze(findings_of(root / "hasil" / "laporan.xlsx"))
    print(f"wrote {FROZEN}")


if __name__ == "__main__":
    _freeze_main()
