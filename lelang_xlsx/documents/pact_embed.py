"""The agreement inside the pact: a custom XML part carrying the register version it was built from.

A pact travels (e-mailed, printed, copied to ``hasil/per-opd/``); the register is the truth.
So that the pact, the register and the run's records can cross-check each other (issue 18
item 8), each pact carries, as a custom XML data part (``customXml/itemN.xml`` with its
``itemPropsN.xml``, related from the document part, the way Word stores document data),
the canonical JSON of the register version it was built from::

    <kesepakatan xmlns="urn:lelang-xlsx:kesepakatan:1" sha256="…">{"kode_opd":"DINKES",…}</kesepakatan>

Word and LibreOffice keep such a part when the document is saved again. The ``sha256`` is
over the JSON text (it catches damage, not a forger: the register's own seal and the
cross-check do that).

``embed`` adds or replaces the part; ``read_embedded`` reads it back from a file that may be
hostile: size limits on the file, its entries and the part, no DTD or entity resolution,
never an exception for bad input (None instead). No docxtpl import: cheap for the checks.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree


NS = "urn:lelang-xlsx:kesepakatan:1"
ROOT_TAG = f"{{{NS}}}kesepakatan"
R_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
R_CUSTOM_XML_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
R_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
CT_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

MAX_FILE = 64 * 1024 * 1024  # a pact is well under 1 MB
MAX_ENTRIES = 2000
MAX_PART = 8 * 1024 * 1024  # the embedded JSON, or a relationship/content-types part
MAX_CANDIDATES = 50  # custom XML parts looked at

_SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
             remove_comments=True, remove_pis=True)


class EmbedError(ValueError):
    """The document cannot carry the agreement (not a readable .docx package)."""


def canonical_json(payload: dict) -> str:
    """The payload as canonical JSON: keys sorted, no spaces, ASCII only (every other
    character escaped), no NaN/Infinity. The same payload gives the same text."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


# --------------------------------------------------------------------------- package helpers

def _parse(data: bytes):
    """XML without DTD, entities or network; None when not well formed or when it has a DOCTYPE."""
    if len(data) > MAX_PART:
        return None
    try:
        root = etree.fromstring(data, etree.XMLParser(**_SAFE))
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root.getroottree().docinfo.doctype:  # a part of an Office package never has one
        return None
    return root


def _rels_name(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _resolve(owner: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    folder = owner.rpartition("/")[0]
    stack: list[str] = []
    for p in (folder.split("/") if folder else []) + target.split("/"):
        if p == "..":
            if stack:
                stack.pop()
        elif p and p != ".":
            stack.append(p)
    return "/".join(stack)


def _relationships(read, part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, member) of ``part``'s internal relationships."""
    data = read(_rels_name(part))
    root = _parse(data) if data is not None else None
    if root is None:
        return []
    return [(rel.get("Id", ""), rel.get("Type", ""), _resolve(part, rel.get("Target", "")))
            for rel in root if rel.get("TargetMode") != "External"]


def _document_part(read) -> str | None:
    docs = [m for _, t, m in _relationships(read, "") if t == R_OFFICE_DOC]
    return docs[0] if docs else None


# --------------------------------------------------------------------------- writing

def _item_xml(text: str) -> bytes:
    root = etree.Element(ROOT_TAG, nsmap={None: NS})
    root.set("sha256", hashlib.sha256(text.encode("ascii")).hexdigest())
    root.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _props_xml(text: str) -> bytes:
    guid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NS}#{hashlib.sha256(text.encode('ascii')).hexdigest()}")).upper()
    root = etree.Element(f"{{{DS_NS}}}datastoreItem", nsmap={"ds": DS_NS})
    root.set(f"{{{DS_NS}}}itemID", "{" + guid + "}")
    refs = etree.SubElement(root, f"{{{DS_NS}}}schemaRefs")
    etree.SubElement(refs, f"{{{DS_NS}}}schemaRef").set(f"{{{DS_NS}}}uri", NS)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_xml(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{PKG_RELS_NS}}}Relationships", nsmap={None: PKG_RELS_NS})
    for rid, rtype, target in rels:
        etree.SubElement(root, f"{{{PKG_RELS_NS}}}Relationship", Id=rid, Type=rtype, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _ours(read, member: str) -> bool:
    data = read(member)
    root = _parse(data) if data is not None else None
    return root is not None and root.tag == ROOT_TAG


def _read_source(docx: str | Path | bytes) -> bytes:
    if isinstance(docx, (bytes, bytearray)):
        return bytes(docx)
    path = Path(docx)
    if path.stat().st_size > MAX_FILE:
        raise EmbedError(f"{path.name} terlalu besar untuk sebuah pakta")
    return path.read_bytes()


def embed(docx: str | Path | bytes, payload: dict) -> bytes:
    """The .docx (a path or its bytes) with ``payload`` embedded as the agreement part,
    replacing one embedded before; returns the new bytes (deterministic: same input and
    payload, same bytes). A path is not written: see :func:`embed_file`.

    Raises ``EmbedError`` when the input is not a readable .docx package."""
    data = _read_source(docx)
    text = canonical_json(payload)
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        infos = zin.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise EmbedError(f"bukan dokumen Word .docx ({exc.__class__.__name__})") from None
    if len(infos) > MAX_ENTRIES:
        raise EmbedError("dokumen memiliki terlalu banyak bagian")
    names = {i.filename for i in infos}

    def read(name: str) -> bytes | None:
        if name not in names:
            return None
        info = zin.getinfo(name)
        if info.file_size > MAX_PART:
            return None
        return zin.read(info)

    plan = plan_embed(read, names)
    written = plan.written(text)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            if info.filename in plan.dropped:
                continue
            body = written.pop(info.filename, None)
            zout.writestr(_zipinfo(info.filename), body if body is not None else zin.read(info))
        for name, body in written.items():
            zout.writestr(_zipinfo(name), body)
    return out.getvalue()


@dataclass
class EmbedPlan:
    """Where the agreement goes in one package and what else changes with it: all of it
    but the agreement's own two parts is the same for every payload, so a renderer that
    writes many pacts from one template works it out once (documents/pacts.py)."""

    item: str  # the agreement part, customXml/itemN.xml
    props: str  # its properties part
    replaces: bool  # the package carried an agreement already (its parts are rewritten in place)
    dropped: frozenset[str]  # further agreement parts, removed
    fixed: dict[str, bytes]  # the parts that change, whatever the payload (relationships, content types)

    def written(self, text: str) -> dict[str, bytes]:
        """Every part to write for the payload ``text`` (canonical JSON), in writing order."""
        return {self.item: _item_xml(text), self.props: _props_xml(text), **self.fixed}


def plan_embed(read, names) -> EmbedPlan:
    """The plan for a package whose parts ``read(name)`` returns (None when absent or too
    large) and whose part names are ``names``. Raises ``EmbedError`` as :func:`embed`."""
    doc = _document_part(read)
    if doc is None or doc not in names:
        raise EmbedError("bukan dokumen Word .docx: bagian isi dokumen tidak ditemukan")
    doc_rels = _relationships(read, doc)
    existing = [m for _, t, m in doc_rels if t == R_CUSTOM_XML and m in names and _ours(read, m)]
    if existing:
        item = existing[0]
        own = [m for _, t, m in _relationships(read, item) if t == R_CUSTOM_XML_PROPS]
        n = re.search(r"(\d+)\.xml$", item)
        props = own[0] if own else f"customXml/itemProps{n.group(1) if n else 'Lelang'}.xml"
        new_doc_rels = [r for r in doc_rels if not (r[1] == R_CUSTOM_XML and r[2] in existing[1:])]
    else:
        k = 1
        while f"customXml/item{k}.xml" in names or f"customXml/itemProps{k}.xml" in names:
            k += 1
        item, props = f"customXml/item{k}.xml", f"customXml/itemProps{k}.xml"
        ids = {rid for rid, _, _ in doc_rels}
        j = len(ids) + 1
        while f"rId{j}" in ids:
            j += 1
        new_doc_rels = doc_rels + [(f"rId{j}", R_CUSTOM_XML, item)]
    doc_folder = PurePosixPath(doc).parent
    rels_out = [(rid, t, _relative(doc_folder, m)) for rid, t, m in new_doc_rels]
    # the document's external relationships (hyperlinks) are kept as they were
    raw_rels = _parse(read(_rels_name(doc)) or b"")
    external = [r for r in (raw_rels if raw_rels is not None else []) if r.get("TargetMode") == "External"]
    rels_bytes = _rels_xml(rels_out)
    if external:
        root = etree.fromstring(rels_bytes)
        for r in external:
            root.append(r)
        rels_bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    fixed = {
        _rels_name(item): _rels_xml([("rId1", R_CUSTOM_XML_PROPS, PurePosixPath(props).name)]),
        _rels_name(doc): rels_bytes,
        "[Content_Types].xml": _content_types(read("[Content_Types].xml"), item, props),
    }
    return EmbedPlan(item, props, bool(existing), frozenset(existing[1:]), fixed)


def prepare(base: list[tuple[str, bytes]], rendered: list[str], zipinfo) -> tuple[EmbedPlan, bytes, list[str]] | None:
    """For a renderer that writes many pacts from one template: the plan, the zip of the
    template's parts that are not rendered (``base``, in order; written with ``zipinfo``)
    with the parts the agreement changes already changed, and the names of the parts
    written after the rendered ones. The renderer then appends the rendered parts and the
    agreement's: the bytes :func:`embed` gives for the rendered file, without compressing
    every part twice. None when the template is not the plain case (it carries an
    agreement already, the plan would read a rendered part, ...): :func:`embed` then."""
    by_name = dict(base)
    names = set(by_name) | set(rendered)
    if len(names) > MAX_ENTRIES:
        return None
    asked: set[str] = set()

    def read(name: str) -> bytes | None:
        asked.add(name)
        data = by_name.get(name)
        return data if data is not None and len(data) <= MAX_PART else None

    try:
        plan = plan_embed(read, names)
    except EmbedError:
        return None
    written = plan.written("")
    if plan.replaces or plan.dropped or (asked | set(written)) & set(rendered):
        return None
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in base:
            zout.writestr(zipinfo(name), plan.fixed.get(name, data))
    return plan, buf.getvalue(), [name for name in written if name not in by_name]


def _relative(folder: PurePosixPath, member: str) -> str:
    parts_from, parts_to = list(folder.parts), list(PurePosixPath(member).parts)
    i = 0
    while i < min(len(parts_from), len(parts_to)) and parts_from[i] == parts_to[i]:
        i += 1
    return "/".join([".."] * (len(parts_from) - i) + parts_to[i:])


def _content_types(data: bytes | None, item: str, props: str) -> bytes:
    root = _parse(data) if data is not None else None
    if root is None:
        raise EmbedError("bukan dokumen Word .docx: [Content_Types].xml tidak dapat dibaca")
    overrides = {o.get("PartName", "").lstrip("/"): o for o in root if o.tag == f"{{{CT_NS}}}Override"}
    defaults = {(d.get("Extension") or "").lower() for d in root if d.tag == f"{{{CT_NS}}}Default"}
    if props not in overrides:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{props}", ContentType=CT_PROPS)
    if "xml" not in defaults and item not in overrides:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{item}", ContentType="application/xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zipinfo(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


# --------------------------------------------------------------------------- reading

def read_embedded_detail(source: str | Path | bytes) -> tuple[dict | None, str]:
    """(payload, "") when the document carries one readable agreement part; else
    (None, why) in Indonesian: ``tidak ada`` (no part), or what is wrong with it.
    Never raises for a bad or hostile file."""
    try:
        if isinstance(source, (bytes, bytearray)):
            data = bytes(source)
            if len(data) > MAX_FILE:
                return None, "berkas terlalu besar"
            zf = zipfile.ZipFile(io.BytesIO(data))
        else:
            path = Path(source)
            if path.stat().st_size > MAX_FILE:
                return None, "berkas terlalu besar"
            zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        return None, "berkas tidak ditemukan"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, "bukan dokumen Word .docx yang dapat dibaca"
    with zf:
        try:
            return _read(zf)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError, KeyError):
            return None, "bagian dokumen rusak"


def read_embedded(source: str | Path | bytes) -> dict | None:
    """The agreement embedded in a pact, or None (absent, damaged, or not a pact)."""
    return read_embedded_detail(source)[0]


def _read(zf: zipfile.ZipFile) -> tuple[dict | None, str]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        return None, "dokumen memiliki terlalu banyak bagian"
    by_name = {i.filename: i for i in infos}

    def read(name: str) -> bytes | None:
        info = by_name.get(name)
        if info is None or info.file_size > MAX_PART:
            return None
        with zf.open(info) as f:
            data = f.read(MAX_PART + 1)  # the header's size may lie
        return data if len(data) <= MAX_PART else None

    doc = _document_part(read)
    if doc is None:
        return None, "bukan dokumen Word .docx"
    items = [m for _, t, m in _relationships(read, doc) if t == R_CUSTOM_XML][:MAX_CANDIDATES]
    found: list[Any] = []
    for member in items:
        info = by_name.get(member)
        if info is not None and info.file_size > MAX_PART:
            return None, "data kesepakatan di dalam pakta terlalu besar"
        data = read(member)
        root = _parse(data) if data is not None else None
        if root is not None and root.tag == ROOT_TAG:
            found.append(root)
    if not found:
        return None, "tidak ada"
    if len(found) > 1:
        return None, "lebih dari satu data kesepakatan di dalam pakta"
    root = found[0]
    text = root.text or ""
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != root.get("sha256", ""):
        return None, "data kesepakatan di dalam pakta rusak (sidik tidak cocok)"
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        return None, "data kesepakatan di dalam pakta bukan JSON yang sah"
    if not isinstance(payload, dict):
        return None, "data kesepakatan di dalam pakta bukan JSON yang sah"
    return payload, ""
