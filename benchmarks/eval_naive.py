"""The plain-script baseline for ``lelang eval run``: what one would write with pandas,
openpyxl and docxtpl, doing the same job on the same folder.

    python benchmarks/eval_naive.py <auction> <year> <out>

Reads every realisation workbook with ``pandas.read_excel``, checks the essentials
(missing rows, changed targets, empty realisation / source / evidence, missing
explanation), computes achievement, predicate and points with the default tables,
writes an annotated copy per file with openpyxl, ``evaluasi.xlsx`` (openpyxl, with a bar
chart), ``evaluasi.json``, ``laporan.xlsx`` and one report card per evaluated OPD with a
fresh ``DocxTemplate`` each (the stock template). Returns stage times.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from statistics import fmean

import openpyxl
import pandas as pd
from docxtpl import DocxTemplate
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

BANDS = [(100, 10), (91, 5), (76, 0), (66, -5), (0, -10)]
WEIGHTS = {"Sanggup": (1.5, 1), "Tanpa Tawaran": (1, 1), "Tidak Sanggup": (1, 1)}
PRED = [(91, "Sangat Tinggi"), (76, "Tinggi"), (66, "Sedang"), (51, "Rendah")]
RED = PatternFill("solid", fgColor="FFC7CE")


def achievement(pol, r, t, cap=120.0):
    if pol == "Naik":
        v = (100.0 if r >= 0 else 0.0) if t == 0 else r / t * 100
    elif pol == "Turun":
        v = (100.0 if r <= 0 else 0.0) if t == 0 else (2 - r / t) * 100
    else:
        v = (100.0 if r == 0 else 0.0) if t == 0 else (1 - abs(r - t) / abs(t)) * 100
    return round(min(max(v, 0.0), cap), 2)


def predicate(c):
    return next((name for lo, name in PRED if c >= lo), "Sangat Rendah")


def points(c, status):
    base = next(p for lo, p in BANDS if c >= lo)
    decision = {"sanggup": "Sanggup", "tidak sanggup": "Tidak Sanggup"}.get(status.lower(), "Tanpa Tawaran")
    reward, punish = WEIGHTS[decision]
    return base * (reward if base > 0 else punish) if base else 0.0


def run_naive(root: Path, year: int, out: Path) -> dict[str, float]:
    t = {}
    t0 = time.perf_counter()
    reg = json.loads((root / "hasil" / "kesepakatan.json").read_text(encoding="utf-8"))
    masuk = root / "evaluasi" / str(year) / "masuk"
    books = {}
    for f in sorted(masuk.glob("*.xlsx")):
        books[f.name] = pd.read_excel(f, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    t["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    findings, results = [], {}
    for name, sheets in books.items():
        ident = dict(zip(sheets["Identitas"][0], sheets["Identitas"][1]))
        kode = str(ident.get("Kode OPD", ""))
        entry = reg["opd"].get(kode)
        if entry is None:
            findings.append((name, "Identitas", "B2", "LK709"))
            continue
        df = sheets["Realisasi"]
        head = list(df.iloc[0])
        rows = df.iloc[1:].dropna(how="all")
        col = {h: i for i, h in enumerate(head)}
        by_code = {str(r[col["Kode Indikator"]]): (i + 2, r) for i, r in zip(rows.index - 1, rows.itertuples(index=False))}
        items = []
        for ind in entry["indikator"]:
            hit = by_code.get(ind["kode"])
            if hit is None:
                findings.append((name, "Realisasi", "", "LK701"))
                continue
            rown, r = hit
            target = ind["target"][str(year)]
            if float(r[col[f"Target {year}"]]) != target:
                findings.append((name, "Realisasi", f"G{rown}", "LK702"))
            real = r[col[f"Realisasi {year}"]]
            for h, letter in (("Sumber Data", "J"), ("Bukti Dukung", "K")):
                if pd.isna(r[col[h]]) or not str(r[col[h]]).strip():
                    findings.append((name, "Realisasi", f"{letter}{rown}", "LK704"))
            if pd.isna(real):
                findings.append((name, "Realisasi", f"I{rown}", "LK703"))
                continue
            c = achievement(ind["polaritas"], float(real), target)
            expl = r[col["Penjelasan"]]
            if c < 100 and (pd.isna(expl) or not str(expl).strip()):
                findings.append((name, "Realisasi", f"L{rown}", "LK705"))
            items.append({"kode": ind["kode"], "indikator": ind["indikator"], "satuan": ind["satuan"],
                          "polaritas": ind["polaritas"], "target": target, "realisasi": float(real), "capaian": c,
                          "predikat": predicate(c), "poin": points(c, ind["status"]),
                          "penjelasan": "" if pd.isna(expl) else str(expl)})
        results[kode] = {"kode": kode, "nama": entry["nama_opd"], "file": name, "indikator": items,
                         "kepala": ident.get("Nama Kepala OPD", ""), "nip": str(ident.get("NIP Kepala OPD", ""))}
    bad = {f[0] for f in findings}
    for r in results.values():
        caps = [i["capaian"] for i in r["indikator"]]
        pts = [i["poin"] for i in r["indikator"]]
        r["capaian"] = round(fmean(caps), 2) if caps else None
        r["penghargaan"] = sum(p for p in pts if p > 0)
        r["sanksi"] = sum(p for p in pts if p < 0)
        r["bersih"] = r["penghargaan"] + r["sanksi"]
        r["ok"] = r["file"] not in bad
    ranked = sorted((r for r in results.values() if r["ok"]), key=lambda r: (-r["bersih"], -(r["capaian"] or 0)))
    for i, r in enumerate(ranked, start=1):
        r["peringkat"] = i
    t["check"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    (out / "umpan-balik").mkdir(parents=True, exist_ok=True)
    for name in books:
        wb = openpyxl.load_workbook(masuk / name)
        for fname, sheet, cell, code in findings:
            if fname == name and cell:
                wb[sheet][cell].fill = RED
                wb[sheet][cell].comment = Comment(code, "lelang")
        wb.save(out / "umpan-balik" / name)
    t["annotate"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Per OPD"
    ws.append(["Peringkat", "Kode OPD", "Nama OPD", "Capaian (%)", "Penghargaan", "Sanksi", "Poin Bersih"])
    for r in ranked:
        ws.append([r["peringkat"], r["kode"], r["nama"], r["capaian"], r["penghargaan"], r["sanksi"], r["bersih"]])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=7, min_row=1, max_row=len(ranked) + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=3, min_row=2, max_row=len(ranked) + 1))
    ws.add_chart(chart, "I2")
    wi = wb.create_sheet("Per Indikator")
    wi.append(["Kode OPD", "Kode Indikator", "Indikator", "Target", "Realisasi", "Capaian", "Predikat", "Poin", "Penjelasan"])
    for r in results.values():
        for i in r["indikator"]:
            wi.append([r["kode"], i["kode"], i["indikator"], i["target"], i["realisasi"], i["capaian"], i["predikat"],
                       i["poin"], i["penjelasan"]])
    wb.save(out / "evaluasi.xlsx")
    (out / "evaluasi.json").write_text(json.dumps(list(results.values()), ensure_ascii=False), encoding="utf-8")
    lap = openpyxl.Workbook()
    lap.active.append(["Berkas", "Lembar", "Sel", "Kode"])
    for f in findings:
        lap.active.append(list(f))
    lap.save(out / "laporan.xlsx")
    t["results"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    template = Path(__file__).resolve().parent.parent / "templates" / "rapor_kinerja.docx"
    (out / "rapor").mkdir(exist_ok=True)
    n = len(ranked)
    for r in ranked:
        doc = DocxTemplate(template)
        ctx = {"pemda": {"nama_kapital": reg["pemda"].upper()}, "tahun": str(year),
               "opd": {"kode": r["kode"], "nama": r["nama"], "nama_kapital": r["nama"].upper()},
               "kepala": {"nama": r["kepala"], "nama_kapital": r["kepala"].upper(), "nip": r["nip"], "jabatan": ""},
               "pakta": {"nama": r["kepala"]}, "periode": {"teks": ""}, "catatan_kepala": "",
               "ringkasan": {"capaian": f"{r['capaian']}%", "predikat": predicate(r["capaian"]),
                             "penghargaan": r["penghargaan"], "sanksi": r["sanksi"], "bersih": r["bersih"],
                             "peringkat": r["peringkat"], "jumlah_opd": n, "jumlah_indikator": len(r["indikator"]),
                             "tercapai": sum(i["capaian"] >= 100 for i in r["indikator"])},
               "baris": [dict(i, no=k, misi="", keputusan="") for k, i in enumerate(r["indikator"], 1)],
               "penjelasan": [{"no": k, "kode": i["kode"], "indikator": i["indikator"], "capaian": i["capaian"],
                               "penjelasan": i["penjelasan"], "upaya": ""}
                              for k, i in enumerate((i for i in r["indikator"] if i["capaian"] < 100), 1)],
               "kepala_daerah": {"jabatan": "", "nama_kapital": ""}, "tempat_tanggal": "",
               # the template's formula lines (the plain script writes fixed texts, not the panel's)
               "rumus": {"peringkat": "Peringkat menurut poin bersih.", "naik": "realisasi / target x 100%",
                         "turun": "(2 x target - realisasi) / target x 100%", "tetap": "100% dalam toleransi",
                         "batas": "", "kategori": "", "poin": "", "bobot": "", "insentif": ""}}
        doc.render(ctx, autoescape=True)
        doc.save(out / "rapor" / f"{r['kode']}.docx")
    t["cards"] = time.perf_counter() - t0
    return t


if __name__ == "__main__":
    stages = run_naive(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
    print(json.dumps(stages))
