"""Read one OPD workbook into a :class:`~lelang_xlsx.model.Submission`.

Tolerant of how people fill spreadsheets (blank rows between entries, stray spaces,
header case, numbers typed as text, percent cells, formulas with stored values), and
explicit about everything it had to interpret: each interpretation is a finding.
Structural findings (LK101–LK107) and cell conversions (LK301–LK304, LK312, LK403) are
made here; the rules about meaning live in :mod:`lelang_xlsx.checking.checks`.
"""

from __future__ import annotations

from .. import contract as C
from ..checking.findings import Pos, col_letter, make, range_ref
from ..model import Figure, Identity, Indicator, Panel, Submission
from .nip import check_nip
from .numbers import is_year
from .tables import CellReader, header_columns, labelled_rows, open_workbook, parse_date, show
from .xlsxread import Limits, Sheet, Workbook

DATA_SHEETS = (C.SHEET_IDENTITAS, C.SHEET_INDIKATOR, C.SHEET_PENDUKUNG)
MERGE_ACTION = ("Buka dulu proteksi lembar (Excel: Review → Unprotect Sheet; LibreOffice: Alat → Buka Proteksi Lembar), "
                "pilih sel ini lalu Unmerge Cells (Pisahkan Sel), dan isi setiap sel yang kosong.")
HIDDEN_ACTION = "Tampilkan lagi: pilih seluruh lembar, klik kanan judul baris/kolom > Unhide (Tampilkan)."


def is_percent_unit(unit: str) -> bool:
    return C.norm(unit) in (C.norm(C.PERCENT_UNIT), "persen")


def read_submission(path, display: str, panel: Panel, limits: Limits = Limits(), sha256: str = "") -> Submission:
    """Read and convert one workbook. Never raises for a bad file."""
    sub = Submission(path=display, sha256=sha256)
    pos = Pos(display)
    wb = open_into(sub, path, limits)
    if wb is None:
        return sub
    _version(wb, sub, pos)
    sheets = required_sheets(wb, C.OPD_REQUIRED_SHEETS, sub, pos)
    if C.SHEET_IDENTITAS in sheets:
        sub.identity = _identity(sheets[C.SHEET_IDENTITAS], sub, pos)
    if C.SHEET_INDIKATOR in sheets:
        sub.indicators = _indicators(sheets[C.SHEET_INDIKATOR], sub, pos, panel)
    if C.SHEET_PENDUKUNG in sheets:
        sub.figures = _figures(sheets[C.SHEET_PENDUKUNG], sub, pos)
    return sub


def open_into(sub: Submission, path, limits: Limits) -> Workbook | None:
    """Open the workbook of ``sub``; when it cannot be read, the finding goes into ``sub``
    (shared by the OPD and the realisation reader)."""
    wb, found = open_workbook(path, Pos(sub.path), limits)
    sub.findings.extend(found)
    sub.readable = wb is not None
    return wb


def required_sheets(wb: Workbook, names: tuple[str, ...], sub: Submission, pos: Pos) -> dict[str, Sheet]:
    """The required sheets present (LK102 for each missing one), their layout checked
    (LK107; the Identitas sheet's table starts at row 1, the others below a header)."""
    sheets: dict[str, Sheet] = {}
    for name in names:
        ws = wb.sheet(name)
        if ws is None or ws.kind != "worksheet":
            sub.findings.append(make("LK102", pos.at(name), sheet_name=name))
        else:
            sheets[name] = ws
            _layout(ws, sub, pos, header_row=0 if name == C.SHEET_IDENTITAS else 1)
    return sheets


def _version(wb: Workbook, sub: Submission, pos: Pos) -> None:
    ws = wb.sheet(C.SHEET_LISTS)
    marker = None
    if ws is not None and C.norm(ws.value(1, 1)) == C.norm(C.VERSION_LABEL):
        v = ws.value(1, 2)
        marker = str(int(v)) if isinstance(v, (int, float)) and float(v).is_integer() else str(v or "").strip()
    if not marker:
        sub.findings.append(make("LK104", pos, detail="Penanda versi formulir tidak ditemukan", expected=C.TEMPLATE_VERSION))
    elif marker != C.TEMPLATE_VERSION:
        sub.findings.append(
            make("LK104", pos, detail=f"Formulir bertanda versi '{show(marker)}'", expected=C.TEMPLATE_VERSION)
        )


def _layout(ws: Sheet, sub: Submission, pos: Pos, header_row: int) -> None:
    """LK107: data in hidden rows/columns, merged cells inside the table."""
    for r in sorted(ws.hidden_rows):
        if r > header_row and r in ws.rows:
            first = min(ws.rows[r])
            sub.findings.append(make("LK107", pos.at(ws.name, r, first), detail=f"Baris {r} disembunyikan tetapi berisi data",
                                     action=HIDDEN_ACTION))
    for c in sorted(ws.hidden_cols):
        rows = [r for r in sorted(ws.rows) if c in ws.rows[r]]
        if rows:
            sub.findings.append(make("LK107", pos.at(ws.name, rows[0], c),
                                     detail=f"Kolom {col_letter(c)} disembunyikan tetapi berisi data", action=HIDDEN_ACTION))
    for r1, c1, r2, c2 in ws.merged:
        if r2 > header_row:
            sub.merged.setdefault(ws.name, []).append((r1, c1, r2, c2))
            sub.findings.append(make("LK107", pos.at(ws.name, r1, c1), detail=f"Sel gabungan {range_ref(r1, c1, r2, c2)} "
                                     "(merge) di dalam tabel: hanya sel kiri atas yang berisi nilai", action=MERGE_ACTION))


def _identity(ws: Sheet, sub: Submission, pos: Pos, fields: tuple = C.IDENTITAS_FIELDS,
              other_kinds: dict | None = None) -> Identity:
    """The Identitas sheet (LK201, LK203). ``fields``/``other_kinds`` let another workbook
    with the same layout (the realisation workbook) read its own labels: a field whose kind
    is in ``other_kinds`` is handed to that function as ``(field, row, cell_reader)``."""
    rows = labelled_rows(ws, fields)
    sub.identity_rows = rows
    cr = CellReader(ws, pos)
    ident = Identity()
    for f in fields:
        r = rows.get(f.key)
        if r is None:
            if f.required:
                sub.findings.append(make("LK201", pos.at(ws.name), label=f.label))
            continue
        if other_kinds and f.kind in other_kinds:
            other_kinds[f.kind](f, r, cr)
            continue
        if f.kind == "nip":
            raw = cr.raw(r, 2)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if not cr.has_uncached_formula(r, 2):
                    sub.findings.append(make("LK201", pos.at(ws.name, r, 2), label=f.label))
                continue
            digits, problem = check_nip(raw)
            ident.nip_kepala = digits
            if problem:
                sub.findings.append(make("LK203", pos.at(ws.name, r, 2), value=show(digits), detail=problem))
            continue
        if f.kind == "date":
            raw = cr.raw(r, 2)
            ident.tanggal = parse_date(raw) if raw is not None else None
            continue
        value = cr.text(r, 2)
        if not value and f.required and not cr.has_uncached_formula(r, 2):
            sub.findings.append(make("LK201", pos.at(ws.name, r, 2), label=f.label))
        setattr(ident, f.key, value)
    sub.findings.extend(cr.findings)
    return ident


def _entry_rows(ws: Sheet, cols: dict[str, int], skip_keys: tuple[str, ...] = ()) -> list[int]:
    """Rows below the header with anything in a mapped column (blank rows skipped)."""
    wanted = {c for k, c in cols.items() if k not in skip_keys}
    out = []
    for r in sorted(ws.rows):
        if r <= 1:
            continue
        cells = ws.rows[r]
        for c in wanted:
            cell = cells.get(c)
            if cell is not None and (cell.formula is not None or not (isinstance(cell.value, str) and not cell.value.strip())):
                out.append(r)
                break
    return out


_POLARITY = {C.norm(p): p for p in C.POLARITIES}


def _indicators(ws: Sheet, sub: Submission, pos: Pos, panel: Panel) -> list[Indicator]:
    fields = C.indikator_fields(panel.years)
    cols, found = header_columns(ws, fields, pos)
    sub.findings.extend(found)  # a missing column (LK103) leaves the others checked by name
    sub.columns[C.SHEET_INDIKATOR] = cols
    cr = CellReader(ws, pos)
    out: list[Indicator] = []
    for r in _entry_rows(ws, cols, skip_keys=("no",)):
        ind = Indicator(row=r)
        for f in C.INDIKATOR_FIELDS:
            if f.kind != "text" and f.kind != "code":
                continue
            setattr(ind, f.key, cr.text(r, cols.get(f.key)))
        context = f" (indikator {show(ind.kode)})" if ind.kode else f" (baris {r})"
        ind.polaritas = _POLARITY.get(C.norm(ind.polaritas), ind.polaritas)
        pct = is_percent_unit(ind.satuan)
        # baseline year
        ty = cr.raw(r, cols.get("tahun_dasar"))
        if ty is not None and not (isinstance(ty, str) and not ty.strip()):
            ind.tahun_dasar = is_year(ty)
            if ind.tahun_dasar is None:
                ind.tahun_dasar = -1  # present but not a year: reported by checks (LK308)
                sub.findings.append(make("LK308", pos.at(ws.name, r, cols["tahun_dasar"]), value=show(ty), first=panel.tahun_awal))
        ind.nilai_dasar = cr.number(r, cols.get("nilai_dasar"), "Nilai Dasar", pct)
        for y in panel.years:
            ind.targets[y] = cr.number(r, cols.get(f"target_{y}"), C.target_header(y), pct)
        for f in C.INDIKATOR_TAIL_FIELDS:  # optional columns: a form without one reads as before
            if f.key in cols:
                setattr(ind, f.key, cr.number(r, cols[f.key], f.label) if f.kind == "number"
                        else cr.text(r, cols[f.key]))
        # required cells
        for f in fields:
            if not f.required or f.key not in cols:
                continue
            col = cols[f.key]
            if cr.missing(r, col):
                sub.findings.append(make("LK301", pos.at(ws.name, r, col), header=f.label, context=context))
        out.append(ind)
    sub.findings.extend(cr.findings)
    return out


def _figures(ws: Sheet, sub: Submission, pos: Pos) -> list[Figure]:
    cols, found = header_columns(ws, C.PENDUKUNG_FIELDS, pos)
    sub.findings.extend(found)  # a missing column (LK103) leaves the others checked by name
    sub.columns[C.SHEET_PENDUKUNG] = cols
    cr = CellReader(ws, pos)
    required = [(f.label, cols[f.key]) for f in C.PENDUKUNG_FIELDS if f.required and f.key in cols]
    out: list[Figure] = []
    for r in _entry_rows(ws, cols):
        fig = Figure(row=r)
        for key in ("kode", "uraian", "rincian", "satuan", "sumber"):
            setattr(fig, key, cr.text(r, cols.get(key)))
        ty = cr.raw(r, cols.get("tahun"))
        if ty is not None and not (isinstance(ty, str) and not ty.strip()):
            fig.tahun = is_year(ty)
            if fig.tahun is None:
                sub.findings.append(
                    make("LK403", pos.at(ws.name, r, cols["tahun"]), detail=f"'Tahun' harus berupa tahun 4 digit, tetapi berisi '{show(ty)}'")
                )
        fig.nilai = cr.number(
            r, cols.get("nilai"), "Nilai", False, invalid_code="LK403",
            invalid_params=lambda: {"detail": f"'Nilai' harus berupa angka, tetapi berisi '{show(ws.value(r, cols['nilai']))}'"},
        )
        for label, col in required:
            if cr.missing(r, col):
                sub.findings.append(make("LK403", pos.at(ws.name, r, col), detail=f"'{label}' wajib diisi"))
        out.append(fig)
    sub.findings.extend(cr.findings)
    return out
