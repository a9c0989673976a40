"""The zip package of a submitted workbook as the fast annotated copy handles it: parts
read safely (no DTD, no entities, no network), relationships, and the zip written back
with fixed timestamps, unchanged entries copied without recompressing (see
:mod:`.annotate_fast`).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..checking.findings import col_index
from ..output.zipnorm import FIXED_ZIP_TIME


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "{%s}" % NS_MAIN
R = "{%s}" % NS_REL
P = "{%s}" % NS_PKG_REL
CT = "{%s}" % NS_CT
MC = "{%s}" % NS_MC

REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_CELL = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False)


class Fallback(Exception):
    """This workbook is left to the openpyxl path."""


def parse_xml(data: bytes) -> etree._Element:
    if any(tok in data for tok in _FORBIDDEN):
        raise Fallback("DTD")
    return etree.fromstring(data, _PARSER)


def dump_xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def local_name(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def split_ref(ref: str) -> tuple[int, int]:
    m = _CELL.match(ref or "")
    if not m:
        raise Fallback(f"cell ref {ref!r}")
    col, row = col_index(m.group(1)), int(m.group(2))
    if col > 16384 or row > 1048576:
        raise Fallback(f"cell ref {ref!r}")
    return row, col


def col_of(ref: str) -> int:
    m = re.match(r"^\$?([A-Za-z]{1,3})\$?\d+$", ref or "")
    if not m:
        raise Fallback(f"cell ref {ref!r}")
    return col_index(m.group(1))


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def read_rels(parts, part: str) -> etree._Element | None:
    name = rels_name(part)
    if name not in parts:
        return None
    root = parse_xml(parts[name])
    if root.tag != P + "Relationships":
        raise Fallback("rels")
    return root


def rel_map(rels: etree._Element | None, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (type suffix, resolved part) for internal relationships."""
    out: dict[str, tuple[str, str]] = {}
    if rels is None:
        return out
    folder = posixpath.dirname(part)
    for rel in rels.iterchildren(P + "Relationship"):
        rid, rtype = rel.get("Id") or "", rel.get("Type") or ""
        if rel.get("TargetMode") == "External":
            out[rid] = (rtype.rsplit("/", 1)[-1], "")
        else:
            out[rid] = (rtype.rsplit("/", 1)[-1], _resolve(folder, rel.get("Target") or ""))
    return out


def _new_rid(rels: etree._Element) -> str:
    used = {rel.get("Id") for rel in rels.iterchildren(P + "Relationship")}
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def add_rel(rels: etree._Element, rtype: str, target: str) -> str:
    rid = _new_rid(rels)
    etree.SubElement(rels, P + "Relationship", {"Id": rid, "Type": REL_TYPE + rtype, "Target": target})
    return rid


def sub_element(parent, tag: str, attrib: dict | None = None, text: str | None = None):
    el = etree.SubElement(parent, M + tag, attrib or {})
    if text is not None:
        el.text = text
    return el


@dataclass(frozen=True)
class RawEntry:
    """An unchanged entry copied without recompressing."""

    method: int
    crc: int
    compressed: bytes
    size: int


class Package:
    """The source zip, held in memory; parts are inflated on demand."""

    def __init__(self, src: Path):
        self.blob = Path(src).read_bytes()
        self.zf = zipfile.ZipFile(io.BytesIO(self.blob))
        self.names = [i.filename for i in self.zf.infolist()]
        if len({n.lower() for n in self.names}) != len(self.names):
            raise Fallback("duplicate zip entries")
        self._by_name = {i.filename: i for i in self.zf.infolist()}
        self._cache: dict[str, bytes] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> bytes:
        if name not in self._cache:
            self._cache[name] = self.zf.read(self._by_name[name])
        return self._cache[name]

    def where(self, test):
        """(name, content) of the parts whose lower-case name passes ``test``."""
        for name in self.names:
            if test(name.lower()):
                yield name, self[name]

    def raw(self, name: str) -> RawEntry | bytes:
        """The stored bytes of an entry, or its content when it cannot be copied raw."""
        info = self._by_name[name]
        if (info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                or info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF):
            return self[name]
        off = info.header_offset
        head = self.blob[off:off + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise Fallback("local header")
        n, m = struct.unpack("<HH", head[26:30])
        start = off + 30 + n + m
        data = self.blob[start:start + info.compress_size]
        if len(data) != info.compress_size:
            raise Fallback("truncated entry")
        return RawEntry(info.compress_type, info.CRC, data, info.file_size)


def unique_name(taken: set[str], pattern: str) -> str:
    n = 1
    while pattern.format(n).lower() in taken:
        n += 1
    name = pattern.format(n)
    taken.add(name.lower())
    return name


_DOS_TIME = (FIXED_ZIP_TIME[3] << 11) | (FIXED_ZIP_TIME[4] << 5) | (FIXED_ZIP_TIME[5] // 2)
_DOS_DATE = ((FIXED_ZIP_TIME[0] - 1980) << 9) | (FIXED_ZIP_TIME[1] << 5) | FIXED_ZIP_TIME[2]


def zip_bytes(entries: list[tuple[str, bytes | RawEntry]]) -> bytes:
    """A plain zip (no zip64, no data descriptors) with fixed timestamps."""
    if len(entries) >= 0xFFFF:
        raise Fallback("too many entries")
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, payload in entries:
        if isinstance(payload, RawEntry):
            method, crc, data, size = payload.method, payload.crc, payload.compressed, payload.size
        else:
            comp = zlib.compressobj(6, zlib.DEFLATED, -15)
            method, crc, size = zipfile.ZIP_DEFLATED, zlib.crc32(payload), len(payload)
            data = comp.compress(payload) + comp.flush()
        try:
            fname, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            fname, flags = name.encode("utf-8"), 0x800
        if offset + len(data) >= 0xFFFFFFFF:
            raise Fallback("too large")
        local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, method, _DOS_TIME, _DOS_DATE, crc, len(data),
                            size, len(fname), 0)
        body += [local, fname, data]
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", (3 << 8) | 20, 20, flags, method, _DOS_TIME,
                                   _DOS_DATE, crc, len(data), size, len(fname), 0, 0, 0, 0, 0o600 << 16, offset) + fname)
        offset += len(local) + len(fname) + len(data)
    cd = b"".join(central)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(cd), offset, 0)
    return b"".join(body) + cd + end
