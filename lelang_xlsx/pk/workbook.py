"""``perjanjian-kinerja-<Y>.xlsx`` for the Bappeda: every OPD's targets, programmes and
budgets (sheets Per OPD, Per Indikator, Program dan Anggaran, Per Misi), from the same
records as pk.json. Projector- and print-ready like the recap: frozen headers, filters,
A4 landscape one page wide, the header row and "Halaman N dari M" on every page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from ..output.atomic import write_with
from ..output.xlsxstyle import FIXED_CREATED, WORKBOOK_OPTIONS, Styles, line_height, setup_table_sheet, wrapped_lines

MONEY = "#,##0"


def write_workbook(path: Path, year: int, pemda: str, records: dict[str, dict], missions: dict[str, str]) -> None:
    write_with(path, lambda tmp: _write(tmp, year, pemda, records, missions))


def _write(tmp: Path, year: int, pemda: str, records: dict[str, dict], missions: dict[str, str]) -> None:
    wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"Perjanjian Kinerja {year} – {pemda}", "author": "Sekretariat Lelang Kinerja",
                       "company": pemda, "created": FIXED_CREATED})
    st = Styles(wb)
    title = f"Perjanjian Kinerja {year} – {pemda}"
    _table(wb, st, "Per OPD", title, [("Kode OPD", 12), ("Nama OPD", 40), ("Indikator", 10), ("Program", 10),
                                      ("Jumlah Anggaran (Rp)", 20), ("Status PK", 16), ("Versi", 7),
                                      ("Tanggal PK", 14), ("Keterangan", 60)], _per_opd(records))
    _table(wb, st, "Per Indikator", title, [("Kode OPD", 12), ("Nama OPD", 30), ("Misi", 7), ("Sasaran Strategis", 30),
                                            ("Kode Indikator", 14), ("Indikator Kinerja", 36), ("Satuan", 12),
                                            (f"Target {year}", 12), ("Penanggung Jawab", 28),
                                            ("Anggaran Pendukung (Rp)", 20)], _per_indicator(records))
    _table(wb, st, "Program dan Anggaran", title, [("Kode OPD", 12), ("Nama OPD", 30), ("No", 5), ("Program", 40),
                                                   ("Kegiatan", 36), ("Anggaran (Rp)", 18), ("Sumber Dana", 12),
                                                   ("Indikator Didukung", 22), ("Keterangan", 26)], _programs(records))
    _table(wb, st, "Per Misi", title, [("Misi", 8), ("Uraian", 60), ("Indikator", 10), ("OPD", 8),
                                       ("Anggaran Pendukung (Rp)", 22)], _per_mission(records, missions))
    wb.close()


def _table(wb, st: Styles, name: str, title: str, cols: list[tuple[str, float]], rows: list[list]) -> None:
    ws = wb.add_worksheet(name)
    for c, (label, width) in enumerate(cols):
        ws.write_string(0, c, label, st.header())
        ws.set_column(c, c, width)
    text = st.fmt(text_wrap=True, border=1, border_color="#D9D9D9")
    money = st.fmt(num_format=MONEY, border=1, border_color="#D9D9D9")
    number = st.fmt(num_format="#,##0.####", border=1, border_color="#D9D9D9")
    date = st.fmt(num_format="d mmm yyyy", border=1, border_color="#D9D9D9", align="left")
    money_cols = {c for c, (label, _) in enumerate(cols) if "(Rp)" in label}
    for r, row in enumerate(rows, start=1):
        lines = 1
        for c, v in enumerate(row):
            if v is None:
                ws.write_blank(r, c, None, text)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v, money if c in money_cols else number)
            else:
                ws.write_string(r, c, str(v), text)
                lines = max(lines, wrapped_lines(str(v), cols[c][1]))
        if lines > 1:
            ws.set_row(r, line_height(min(lines, 8)))
    setup_table_sheet(ws, len(rows), len(cols), freeze_cols=2, title=f"{title} – {name}")


def _last_date(rec: dict) -> dt.date | None:
    v = rec.get("versi") or []
    return dt.date.fromisoformat(v[-1]["tanggal"]) if v else None


def _per_opd(records: dict[str, dict]) -> list[list]:
    out = []
    for kode, rec in records.items():
        v = rec.get("versi") or []
        out.append([kode, rec["nama_opd"], len(rec["indikator"]), len(rec["program"]), rec["jumlah_anggaran"],
                    rec["status"], v[-1]["versi"] if v else None, _last_date(rec), rec["keterangan"]])
    return out


def _per_indicator(records: dict[str, dict]) -> list[list]:
    return [[kode, rec["nama_opd"], i["misi"], i["sasaran"], i["kode"], i["indikator"], i["satuan"], i["target"],
             i["penanggung_jawab"], i["anggaran"]] for kode, rec in records.items() for i in rec["indikator"]]


def _programs(records: dict[str, dict]) -> list[list]:
    return [[kode, rec["nama_opd"], n, p["program"], p["kegiatan"], p["anggaran"], p["sumber_dana"],
             ", ".join(p["indikator"]), p["keterangan"]]
            for kode, rec in records.items() for n, p in enumerate(rec["program"], start=1)]


def _per_mission(records: dict[str, dict], missions: dict[str, str]) -> list[list]:
    """Per mission: its indicators, the OPDs holding them, and the budget of the
    programmes supporting them (a programme counted once per mission)."""
    count: dict[str, int] = {}
    opds: dict[str, set] = {}
    money: dict[str, float] = {}
    for kode, rec in records.items():
        misi_of = {i["kode"].casefold(): i["misi"] for i in rec["indikator"]}
        for i in rec["indikator"]:
            count[i["misi"]] = count.get(i["misi"], 0) + 1
            opds.setdefault(i["misi"], set()).add(kode)
        for p in rec["program"]:
            for m in {misi_of[c.casefold()] for c in p["indikator"] if c.casefold() in misi_of}:
                money[m] = money.get(m, 0.0) + (p["anggaran"] or 0.0)
    order = list(missions) + sorted(set(count) - set(missions))
    return [[m, missions.get(m, ""), count.get(m, 0), len(opds.get(m, ())), money.get(m, 0.0)] for m in order]

