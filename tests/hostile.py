"""Builders for broken and hostile files (issue: hostile input corpus).

Each builder writes one file and returns its path; tests assert the finding the checker
gives for it. Built at test time so the corpus needs no binary blobs in git, except
where a real client is needed to make one (legacy .xls / .ods come from LibreOffice).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

SHEET1 = "xl/worksheets/sheet1.xml"


def patch_zip(src: Path, dest: Path, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None,
              transform=None) -> Path:
    """Copy an xlsx, replacing/removing/adding parts, or transforming each part's bytes."""
    replace = replace or {}
    with zipfile.ZipFile(src) as z:
        names = set(z.namelist())
    for name in replace:
        assert name in names, f"{name} not in {src}"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                if data is None:
                    continue
            else:
                data = zin.read(info)
            if transform:
                data = transform(info.filename, data)
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


def read_part(src: Path, name: str) -> bytes:
    with zipfile.ZipFile(src) as z:
        return z.read(name)


def sheet_part(src: Path, sheet_name: str) -> str:
    """The zip part of a sheet, by its name."""
    with zipfile.ZipFile(src) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    m = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="(rId\d+)"' % re.escape(sheet_name), wb)
    rid = m.group(1)
    t = re.search(r'Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or re.search(r'Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
    target = t.group(1).lstrip("/")
    return target if target.startswith("xl/") else "xl/" + target


def zero_bytes(dest: Path) -> Path:
    dest.write_bytes(b"")
    return dest


def truncated(src: Path, dest: Path) -> Path:
    data = src.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    return dest


def billion_laughs(src: Path, dest: Path, part: str) -> Path:
    assert part in zipfile.ZipFile(src).namelist(), part
    lol = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    )

    def tf(name, data):
        if name == part:
            body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
            return lol + body.replace(b"<t>", b"<t>&lol3;", 1)
        return data

    return patch_zip(src, dest, transform=tf)


def xxe(src: Path, dest: Path, part: str, target: str = "file:///etc/passwd") -> Path:
    assert part in zipfile.ZipFile(src).namelist(), part
    head = f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "{target}">]>\n'.encode()

    def tf(name, data):
        if name == part:
            body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
            return head + body
        return data

    return patch_zip(src, dest, transform=tf)


def zip_bomb(src: Path, dest: Path, part: str, megabytes: int = 300) -> Path:
    """A sheet part that inflates to ``megabytes`` MB (a few hundred KB on disk)."""
    zeros = b" " * (1024 * 1024)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename == part:
                with zout.open(part, "w", force_zip64=True) as fh:
                    data = zin.read(info)
                    fh.write(data[:-len(b"</worksheet>")] if data.endswith(b"</worksheet>") else data)
                    for _ in range(megabytes):
                        fh.write(zeros)
                    fh.write(b"</worksheet>")
            else:
                zout.writestr(info, zin.read(info))
    return dest


def claim_dimension(src: Path, dest: Path, part: str, ref: str = "A1:XFD1048576") -> Path:
    assert part in zipfile.ZipFile(src).namelist(), part
    def tf(name, data):
        if name == part:
            return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data)
        return data

    return patch_zip(src, dest, transform=tf)


def docx_renamed(dest: Path) -> Path:
    from docx import Document

    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph("Ini dokumen Word, bukan formulir.")
    doc.save(buf)
    dest.write_bytes(buf.getvalue())
    return dest


def ods_like(dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", "<office:document-content/>")
    return dest


def ole_file(dest: Path, stream_name: str) -> Path:
    """A minimal OLE2 header followed by a directory entry name (enough for sniffing)."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream_name.encode("utf-16-le") + b"\x00" * 512
    dest.write_bytes(data)
    return dest


def csv_renamed(dest: Path) -> Path:
    dest.write_text("Kode OPD;Nama OPD\nDINKES;Dinas Kesehatan\n", encoding="utf-8")
    return dest


def chart_sheet_named(src: Path, dest: Path, sheet_name: str) -> Path:
    """Turn the named worksheet into a chart sheet (its data disappears)."""
    part = sheet_part(src, sheet_name)
    chartsheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr/><sheetViews>'
        b'<sheetView workbookViewId="0"/></sheetViews></chartsheet>'
    )

    def tf(name, data):
        if name == "xl/_rels/workbook.xml.rels":
            target = part[len("xl/"):]
            return re.sub(
                rb'(Type="[^"]*/)worksheet("[^>]*Target="/?(?:xl/)?' + re.escape(target.encode()) + rb'")',
                rb"\1chartsheet\2", data,
            ) if re.search(rb'Type="[^"]*/worksheet"[^>]*Target="/?(?:xl/)?' + re.escape(target.encode()), data) else re.sub(
                rb'(Target="/?(?:xl/)?' + re.escape(target.encode()) + rb'"[^>]*Type="[^"]*/)worksheet"', rb'\1chartsheet"', data)
        if name == part:
            return chartsheet
        return data

    return patch_zip(src, dest, transform=tf)


def unreadable(valid: Path, folder: Path, data_sheet: str, identity_sheet: str = "Identitas") -> dict[str, set[str]]:
    """The files no checker can read, built from ``valid`` into ``folder`` (the auction's
    and the evaluation round's corpus): file name -> the codes each must get."""
    data = sheet_part(valid, data_sheet)
    out: dict[str, set[str]] = {}

    def put(name, build, codes):
        build(folder / name)
        out[name] = codes

    put("kosong.xlsx", zero_bytes, {"LK101"})
    put("terpotong.xlsx", lambda p: truncated(valid, p), {"LK101"})
    put("bom zip.xlsx", lambda p: zip_bomb(valid, p, data), {"LK106"})
    put("xxe.xlsx", lambda p: xxe(valid, p, "xl/styles.xml"), {"LK101"})
    put("xxe-sheet.xlsx", lambda p: xxe(valid, p, data), {"LK101"})
    put("xxe-workbook.xlsx", lambda p: xxe(valid, p, "xl/workbook.xml"), {"LK101"})
    put("lol.xlsx", lambda p: billion_laughs(valid, p, sheet_part(valid, identity_sheet)), {"LK101"})
    put("sandi.xlsx", lambda p: ole_file(p, "EncryptedPackage"), {"LK101"})
    put("lama.xlsx", lambda p: ole_file(p, "Workbook"), {"LK101"})
    put("ods.xlsx", ods_like, {"LK101"})
    put("csv.xlsx", csv_renamed, {"LK101"})
    put("word.xlsx", docx_renamed, {"LK101"})
    put("dimensi.xlsx", lambda p: claim_dimension(valid, p, data), {"LK106"})
    return out


def ignored_and_linked(valid: Path, folder: Path, outside: Path) -> dict[str, set[str]]:
    """Lock and hidden files (never read) and a symlink pointing outside ``folder`` (LK101)."""
    (folder / "~$DINKES baik.xlsx").write_bytes(b"lock")
    (folder / ".~lock.DINKES baik.xlsx#").write_text("lock")
    (folder / ".tersembunyi.xlsx").write_bytes(b"x")
    target = outside / "rahasia.xlsx"
    target.write_bytes(valid.read_bytes())
    os.symlink(target, folder / "tautan.xlsx")
    return {"tautan.xlsx": {"LK101"}}


def assert_findings(findings: list[dict], expected: dict[str, set[str]]) -> None:
    """Each file has at least its expected codes; a file expected clean has no error; the
    ignored files never appear."""
    by_file: dict[str, set] = {}
    for f in findings:
        by_file.setdefault(f["file"], set()).add(f["code"])
    for name, codes in expected.items():
        got = by_file.get(name, set())
        assert codes <= got, (name, got)
        if not codes:
            errors = {f["code"] for f in findings if f["file"] == name and f["severity"] == "E"}
            assert not errors, (name, errors)
    assert not any(f["file"].startswith(("~$", ".~lock", ".tersembunyi")) for f in findings)
