"""The integrity pact (Pakta Integritas Kesanggupan Target Kinerja), one .docx per OPD.

The template is a docxtpl (Jinja) document in ``templates/pakta_integritas.docx``. This
module

* builds the context of one pact from the panel, the submission and its resolutions
  (``build_context``), every value already an Indonesian string;
* checks a (customised) template before a batch (``check_template``): unreadable file,
  broken tags, unknown fields, with the place in the document;
* renders many pacts from one prepared template (``PactRenderer``): the .docx is read,
  docxtpl's XML preprocessing is run and the Jinja template compiled once; each render
  only runs Jinja and writes a new zip (same entry order, fixed timestamps).

Which parts are rendered: the body, headers and footers (as docxtpl does). Tags in any
other part (footnotes, endnotes, comments, document properties) are reported by
``check_template`` because they would stay as written.

Beyond docxtpl: a column loop (``{%tc for … %}``) gets its repeated cells sized to share
the room the template gave the loop, the other columns keep their widths; the document
properties are written from the context's ``dokumen`` (title, subject, the government as
author and company, the signing date), never the template's; and parts Word would have
to repair or that would be stale in a generated file (``stylesWithEffects.xml``, the
template's preview thumbnail) are left out.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Environment, meta, nodes
from jinja2.exceptions import TemplateAssertionError, TemplateSyntaxError
from lxml import etree

from ..output import atomic
from ..errors import TemplateError
from ..model import Panel, Resolution, Submission
from .columns import COLUMN_MARK, fit_columns
from .pact_context import (  # noqa: F401  (re-exported: the public pact API lives here)
    FIELDS, _TOP, PactVersionInfo, _Clean, _sanitise, _Schema, build_context, clean_text, default_template,
    name_capitals, pact_fields, pact_filename,
)

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
R_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
R_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
R_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
R_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
R_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
R_STYLES_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# Parts a generated document must not carry: Word 2010's copy of the styles (stale as soon
# as styles.xml is edited: Word repairs the file) and the template's preview picture.
_DROPPED_RELS = (R_THUMBNAIL, R_STYLES_EFFECTS)
_COLUMN_MARK = COLUMN_MARK  # marks, in the Jinja source, the cell a {%tc for %} repeats

_LISTING = re.compile(r"<w:t(?:\s[^>]*)?>[^<]*[\t\a\n\f]")


# --------------------------------------------------------------------------- loading

_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Env(Environment):
    """Jinja's environment, with ``row.field`` on a plain dict looked up as the item at
    once: Jinja tries the attribute first, and a dict has no attribute but its methods,
    so the result is the same without raising and catching AttributeError each time
    (about 2,000 look-ups per pact)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _new_env() -> Environment:
    # Same settings as DocxTemplate.render(context, autoescape=True).
    return _Env(autoescape=True)


@dataclass
class _Part:
    name: str  # zip member name
    kind: str  # "body" | "header" | "footer"
    source: str  # patched XML with a newline before each <w:p, as Jinja sees it


@dataclass
class _Loaded:
    path: Path
    entries: list[tuple[str, bytes]]
    document_name: str
    document_root: Any  # lxml root of document.xml
    parts: list[_Part] = field(default_factory=list)
    unrendered_tags: list[tuple[str, str]] = field(default_factory=list)  # (member, text)


class _Unreadable(Exception):
    pass


_PATCHER = DocxTemplate("unused.docx")  # never loaded: only its pure XML helpers are used


def _jinja_source(xml: str) -> str:
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", _PATCHER.patch_xml(xml))
    # docxtpl replaces the cell holding {%tc for … %} by the bare loop tag: the cell right
    # after it is the one repeated; mark it so its copies can be sized after rendering.
    return re.sub(r"(\{%-?\s*for\b[^%]*%\})(\s*)<w:tc([ >])", rf'\1\2<w:tc {_COLUMN_MARK}="1"\3', source)


def _rels(entries: dict[str, bytes], name: str) -> list[tuple[str, str]]:
    folder, _, base = name.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if rels_name not in entries:
        return []
    root = etree.fromstring(entries[rels_name])
    out = []
    for rel in root:
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            member = target.lstrip("/")
        else:
            parts = (folder.split("/") if folder else []) + target.split("/")
            stack: list[str] = []
            for p in parts:
                if p == "..":
                    if stack:
                        stack.pop()
                elif p and p != ".":
                    stack.append(p)
            member = "/".join(stack)
        out.append((rel.get("Type", ""), member))
    return out


def _load(path: str | Path) -> _Loaded:
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            entries = [(info.filename, zf.read(info)) for info in zf.infolist()]
    except FileNotFoundError:
        raise _Unreadable("berkas templat tidak ditemukan") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _Unreadable(f"bukan dokumen Word .docx yang dapat dibaca ({exc.__class__.__name__})") from None
    by_name = dict(entries)
    try:
        doc_names = [m for t, m in _rels(by_name, "") if t == R_OFFICE_DOC] if "_rels/.rels" in by_name else []
    except etree.XMLSyntaxError:
        doc_names = []
    document_name = doc_names[0] if doc_names else "word/document.xml"
    if document_name not in by_name:
        raise _Unreadable("bukan dokumen Word .docx: bagian isi dokumen (word/document.xml) tidak ada")
    try:
        root = parse_xml(by_name[document_name])
    except etree.XMLSyntaxError as exc:
        raise _Unreadable(f"isi dokumen rusak (XML tidak sah: {exc})") from None
    body = root.find(f"{{{W_NS}}}body")
    if body is None:
        raise _Unreadable("isi dokumen tidak memiliki badan teks (w:body)")
    loaded = _Loaded(path, entries, document_name, root)
    loaded.parts.append(_Part(document_name, "body",
                              _jinja_source(etree.tostring(body, encoding="unicode"))))
    rendered = {document_name}
    try:
        doc_rels = _rels(by_name, document_name)
    except etree.XMLSyntaxError:
        doc_rels = []
    for reltype, member in doc_rels:
        if reltype in (R_HEADER, R_FOOTER) and by_name.get(member) and member not in rendered:
            try:
                xml = etree.tostring(parse_xml(by_name[member]), encoding="unicode")
            except etree.XMLSyntaxError as exc:
                raise _Unreadable(f"bagian {member} rusak (XML tidak sah: {exc})") from None
            loaded.parts.append(_Part(member, "header" if reltype == R_HEADER else "footer", _jinja_source(xml)))
            rendered.add(member)
    for name, data in entries:
        if name in rendered or not name.endswith((".xml", ".rels")):
            continue
        text = data.decode("utf-8", "replace")
        if name.startswith("word/") or name.startswith("docProps/"):
            plain = re.sub(r"<[^>]+>", "", text)
            m = re.search(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%", plain, flags=re.S)
            if m:
                loaded.unrendered_tags.append((name, m.group(0)[:60]))
    return loaded


# --------------------------------------------------------------------------- checking

_PART_LABEL = {"body": "isi dokumen", "header": "kepala halaman", "footer": "kaki halaman"}
_BLOCKS = {"for", "if", "macro", "call", "filter", "block", "with", "raw", "autoescape", "trans"}
_TOKEN_NAMES = {"end of print statement": "}}", "end of statement block": "%}", "name": "nama"}


def _line_text(source: str, lineno: int) -> str:
    lines = source.split("\n")
    i = min(max(lineno - 1, 0), len(lines) - 1)
    text = ""
    # the tag's own line, widened to neighbours when it carries no text
    for j in (i, i - 1, i + 1):
        if 0 <= j < len(lines):
            t = re.sub(r"<[^>]+>", "", lines[j])
            t = re.sub(r"\s+", " ", t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")).strip()
            if t:
                text = t
                break
    if len(text) > 80:
        text = text[:77] + "…"
    return text


def _place(part: _Part, lineno: int | None) -> str:
    label = _PART_LABEL[part.kind]
    if part.kind != "body":
        label += f" ({part.name.rsplit('/', 1)[-1]})"
    if not lineno:
        return label
    lines = part.source.split("\n")
    pos = sum(len(line) + 1 for line in lines[: max(lineno - 1, 0)])
    before = part.source[:pos]
    in_table = len(re.findall(r"<w:tc[ >]", before)) > before.count("</w:tc>")
    where = "sel tabel" if in_table else "paragraf"
    text = _line_text(part.source, lineno)
    return f'{label}, {where} "{text}"' if text else f"{label}, {where} ke-{lineno}"


def _unclosed_block_line(source: str) -> int | None:
    stack: list[tuple[str, int]] = []
    for m in re.finditer(r"\{%-?\s*(\w+)", source):
        name = m.group(1)
        line = source.count("\n", 0, m.start()) + 1
        if name in _BLOCKS:
            stack.append((name, line))
        elif name.startswith("end") and stack and stack[-1][0] == name[3:]:
            stack.pop()
    return stack[-1][1] if stack else None


def _unclosed_print_line(source: str) -> int | None:
    for m in re.finditer(r"\{\{", source):
        rest = source[m.end():]
        close = rest.find("}}")
        nxt = min([i for i in (rest.find("{{"), rest.find("{%")) if i >= 0], default=-1)
        if close < 0 or (0 <= nxt < close):
            return source.count("\n", 0, m.start()) + 1
    return None


def _syntax_message(msg: str) -> str:
    m = re.search(r"innermost block that needs to be closed is '(\w+)'", msg)
    if m:
        b = m.group(1)
        return f"blok {{% {b} %}} tidak ditutup dengan {{% end{b} %}}"
    if msg.startswith("unexpected end of template"):
        return "tag {{ … }} atau {% … %} tidak ditutup"
    m = re.match(r"Encountered unknown tag '(\w+)'", msg)
    if m:
        tag = m.group(1)
        if tag.startswith("end") or tag in ("else", "elif"):
            return f"tag {{% {tag} %}} tidak memiliki pembuka yang sesuai atau urutannya salah"
        return f"tag tidak dikenal: {{% {tag} %}}"
    m = re.match(r"expected token '([^']+)', got '([^']*)'", msg)
    if m:
        want = _TOKEN_NAMES.get(m.group(1), m.group(1))
        return f"isi tag tidak dapat dibaca: seharusnya {want}, ditemukan '{m.group(2)}' (tag tidak ditutup?)"
    m = re.match(r"unexpected char '(.+)' at \d+", msg)
    if m:
        return f"karakter tak terduga {m.group(1)!s} di dalam tag"
    m = re.match(r"unexpected '(.+)'", msg)
    if m:
        return f"tanda tak terduga '{m.group(1)}' di dalam tag"
    if msg == "tag name expected":
        return "nama perintah tidak ada setelah {%"
    m = re.match(r"No (filter|test) named '([^']+)'", msg)
    if m:
        kind = "filter" if m.group(1) == "filter" else "uji (test)"
        return f"{kind} tidak dikenal: {m.group(2)}"
    return f"tag Jinja rusak ({msg})"


def _expr_text(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_expr_text(node.node)}[{node.arg.value!r}]"
    return "…"


class _Walker:
    """Find unknown top-level names and unknown attributes of known objects."""

    def __init__(self, undeclared: set[str], globals_: set[str], top: dict[str, _Schema] | None = None):
        self.undeclared = undeclared
        self.globals = globals_
        self.top = _TOP if top is None else top
        self.found: list[tuple[int | None, str]] = []

    def schema(self, node: nodes.Node, scope: dict[str, _Schema | None]) -> _Schema | None:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return self.top.get(node.name)
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            parent = self.schema(node.node, scope)
            if parent is None:
                return None
            if isinstance(node, nodes.Getattr):
                key = node.attr
            elif isinstance(node.arg, nodes.Const):
                key = node.arg.value
                if isinstance(key, int):
                    return parent.item
            else:
                return parent.item
            return parent.attrs.get(key) if parent.attrs and isinstance(key, str) else None
        return None

    def _check_attr(self, node, key: str, scope) -> None:
        parent = self.schema(node.node, scope)
        if parent is not None and parent.attrs is not None and key not in parent.attrs:
            known = sorted(parent.attrs)
            hint = difflib.get_close_matches(key, known, n=1)
            text = f"{_expr_text(node.node)}.{key}"
            msg = f"field tidak dikenal: {text}"
            msg += f" (maksudnya {_expr_text(node.node)}.{hint[0]}?)" if hint else \
                f" (atribut yang ada: {', '.join(known)})"
            self.found.append((node.lineno, msg))

    def visit(self, node: nodes.Node, scope: dict[str, _Schema | None]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            it = self.schema(node.iter, scope)
            inner = dict(scope)
            self._bind(node.target, it.item if it is not None else None, inner)
            inner["loop"] = None
            if node.test is not None:
                self.visit(node.test, inner)
            for n in node.body:
                self.visit(n, inner)
            for n in node.else_:
                self.visit(n, scope)
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in getattr(node, "args", []):
                self._bind(arg, None, inner)
            inner.update({"caller": None, "varargs": None, "kwargs": None})
            for child in node.iter_child_nodes():
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            self._bind(node.target, self.schema(node.node, scope), scope)
            return
        if isinstance(node, nodes.AssignBlock):
            for n in node.body:
                self.visit(n, scope)
            self._bind(node.target, None, scope)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.visit(value, scope)
                self._bind(target, self.schema(value, scope), inner)
            for n in node.body:
                self.visit(n, inner)
            return
        if isinstance(node, nodes.Name) and node.ctx == "load":
            name = node.name
            if name not in scope and name not in self.top and name not in self.globals and name in self.undeclared:
                hint = difflib.get_close_matches(name, list(self.top), n=1)
                msg = f"field tidak dikenal: {name}"
                msg += f" (maksudnya {hint[0]}?)" if hint else " (lihat daftar field: lelang pact-fields)"
                self.found.append((node.lineno, msg))
            return
        if isinstance(node, nodes.Getattr):
            self._check_attr(node, node.attr, scope)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            self._check_attr(node, node.arg.value, scope)
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _bind(self, target: nodes.Node, schema: _Schema | None, scope: dict) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = schema
        elif isinstance(target, nodes.Tuple):
            for t in target.items:
                self._bind(t, None, scope)


def _part_problems(env: Environment, part: _Part, top: dict[str, _Schema] | None = None) -> list[tuple[str, str]]:
    try:
        ast = env.parse(part.source)
    except TemplateSyntaxError as exc:
        lineno = exc.lineno
        if exc.message and exc.message.lower().startswith("unexpected end of template"):
            lineno = (_unclosed_block_line(part.source) if "innermost block" in exc.message
                      else _unclosed_print_line(part.source)) or lineno
        return [(_place(part, lineno), _syntax_message(exc.message or ""))]
    problems: list[tuple[str, str]] = []
    try:
        env.compile(ast, raw=True)
    except (TemplateAssertionError, TemplateSyntaxError) as exc:
        # meta.find_undeclared_variables compiles too: report this and stop here
        return [(_place(part, exc.lineno), _syntax_message(exc.message or ""))]
    walker = _Walker(meta.find_undeclared_variables(ast), set(env.globals), top)
    walker.visit(ast, {})
    for lineno, msg in walker.found:
        problems.append((_place(part, lineno), msg))
    return problems


def _problems(loaded: _Loaded, top: dict[str, _Schema] | None = None) -> list[tuple[str, str]]:
    env = _new_env()
    problems: list[tuple[str, str]] = []
    for part in loaded.parts:
        problems.extend(_part_problems(env, part, top))
    for member, snippet in loaded.unrendered_tags:
        problems.append((f"bagian {member}",
                         f"tag {snippet!s} di bagian ini tidak akan diisi; pindahkan ke isi dokumen, "
                         "kepala halaman atau kaki halaman"))
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def check_template(path: str | Path, top: dict[str, _Schema] | None = None) -> list[tuple[str, str]]:
    """Problems of a pact template as (place, Indonesian message); empty when usable.
    ``top`` is the field schema of another document kind (default: the pact's).

    Never raises for a bad template: an unreadable file is one problem too.
    """
    try:
        loaded = _load(path)
    except _Unreadable as exc:
        return [(Path(path).name, str(exc))]
    return _problems(loaded, top)


# --------------------------------------------------------------------------- generated-file hygiene

def drop_stale_parts(entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The template's parts without those in ``_DROPPED_RELS``, with their relationships
    and content-type overrides removed too (nothing else is touched)."""
    by_name = dict(entries)
    dropped: set[str] = set()
    patched: dict[str, bytes] = {}
    for rels_name in [n for n in by_name if n.endswith(".rels")]:
        try:
            root = etree.fromstring(by_name[rels_name])
        except etree.XMLSyntaxError:
            continue
        owner = rels_name.replace("_rels/", "").removesuffix(".rels")
        gone = [rel for rel in root if rel.get("Type") in _DROPPED_RELS and rel.get("TargetMode") != "External"]
        if not gone:
            continue
        dropped.update(member for reltype, member in _rels(by_name, owner) if reltype in _DROPPED_RELS)
        for rel in gone:
            root.remove(rel)
        patched[rels_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not dropped:
        return entries
    ct = by_name.get("[Content_Types].xml")
    if ct is not None:
        try:
            root = etree.fromstring(ct)
            for o in list(root):
                if o.tag == f"{{{CT_NS}}}Override" and (o.get("PartName") or "").lstrip("/") in dropped:
                    root.remove(o)
            patched["[Content_Types].xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                            standalone=True)
        except etree.XMLSyntaxError:
            pass
    return [(n, patched.get(n, data)) for n, data in entries if n not in dropped]


_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def _core_xml(doc: dict) -> bytes:
    """docProps/core.xml of one generated document (from the context's ``dokumen``)."""
    root = etree.Element(f"{{{_CP}}}coreProperties", nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS,
                                                               "xsi": _XSI})

    def add(ns: str, tag: str, text: str, **attrs) -> None:
        if text:
            e = etree.SubElement(root, f"{{{ns}}}{tag}", **attrs)
            e.text = text

    add(_DC, "title", doc.get("judul", ""))
    add(_DC, "subject", doc.get("subjek", ""))
    add(_DC, "creator", doc.get("penerbit", ""))
    add(_CP, "lastModifiedBy", doc.get("penerbit", ""))
    add(_CP, "revision", "1")
    iso = doc.get("tanggal_iso", "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso or ""):
        for tag in ("created", "modified"):
            add(_DCTERMS, tag, f"{iso}T00:00:00Z", **{f"{{{_XSI}}}type": "dcterms:W3CDTF"})
    add(_DC, "language", "id-ID")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _app_xml(doc: dict) -> bytes:
    """docProps/app.xml: the government as company; no application name or page counts
    copied from the template."""
    root = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP})
    if doc.get("penerbit"):
        etree.SubElement(root, f"{{{_EP}}}Company").text = doc["penerbit"]
    etree.SubElement(root, f"{{{_EP}}}DocSecurity").text = "0"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- rendering

class PactRenderer:
    """A pact template prepared once; ``render`` writes one pact per call.

    Equivalent in content to ``DocxTemplate(path).render(context, autoescape=True)``
    followed by ``save``, but the template is read, preprocessed and compiled only
    once, and the output zip is deterministic (same entry order as the template,
    fixed timestamps). Not thread-safe (one instance per thread).
    """

    def __init__(self, template_path: str | Path | None = None, top: dict[str, _Schema] | None = None,
                 kind: str = "pakta"):
        # ``top``/``kind``: the field schema and name of another document rendered the same way
        self.template_path = Path(template_path) if template_path else default_template()
        try:
            loaded = _load(self.template_path)
        except _Unreadable as exc:
            problems = [(self.template_path.name, str(exc))]
            raise TemplateError(f"Templat {kind} {self.template_path} tidak dapat dipakai: {exc}", problems) from None
        problems = _problems(loaded, top)
        if problems:
            lines = "\n".join(f"  {place}: {msg}" for place, msg in problems)
            raise TemplateError(
                f"Templat {kind} {self.template_path} belum dapat dipakai ({len(problems)} masalah):\n{lines}",
                problems)
        self._loaded = loaded
        self._env = _new_env()
        self._compiled = {part.name: (part, self._env.from_string(part.source)) for part in loaded.parts}
        self._root = loaded.document_root
        self._body = self._root.find(f"{{{W_NS}}}body")
        sources = "".join(part.source for part in loaded.parts)
        self._table_tags = bool(re.search(r"\{%-?\s*tc\b|colspan|cellbg|\{%-?\s*(vm|hm)\b", sources))
        self._pictures = "docPr" in sources
        self._column_loops = f'{_COLUMN_MARK}="1"' in sources

    def _render_source(self, template, context: dict) -> str:
        # mirrors DocxTemplate.render_xml_part after the Jinja step
        xml = template.render(context)
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # = re.sub(r"\n<w:p([ >])", r"<w:p\1")
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if _LISTING.search(xml):  # tabs, newlines, page breaks inside a text run
            xml = _PATCHER.resolve_listing(xml)
        return xml

    def _prepare_output(self) -> None:
        """Once per renderer: the document around its body, and a zip of every part
        that is not rendered (compressed once, copied for each pact)."""
        placeholder = etree.Element(f"{{{W_NS}}}body")
        self._root.replace(self._body, placeholder)
        try:
            whole = etree.tostring(self._root, encoding="UTF-8", standalone=True)
        finally:
            self._root.replace(placeholder, self._body)
        marker = re.search(rb"<w:body\s*/>", whole)
        self._doc_head, self._doc_tail = whole[: marker.start()], whole[marker.end():]
        entries = drop_stale_parts(self._loaded.entries)
        by_name = dict(entries)
        try:
            package = _rels(by_name, "")
        except etree.XMLSyntaxError:
            package = []
        self._props = {member: kind for reltype, member in package
                       for kind, rt in (("core", R_CORE), ("app", R_APP)) if reltype == rt and member in by_name}
        rendered = set(self._compiled) | set(self._props)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
            for name, data in entries:
                if name not in rendered:
                    zout.writestr(self._zipinfo(name), data)
        self._base_zip = buf.getvalue()
        self._order = [name for name, _ in entries if name in rendered]
        self._template_props = {name: by_name[name] for name in self._props}

    @staticmethod
    def _zipinfo(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def render_bytes(self, context: dict, *, embed: dict | None = None) -> bytes:
        """The rendered .docx as bytes; with ``embed``, carrying that payload (the register
        version the pact is built from) as a custom XML part (:mod:`.pact_embed`)."""
        if embed is None:
            return self._render_bytes(context)
        from .pact_embed import canonical_json
        from .pact_embed import embed as embed_payload

        if not hasattr(self, "_base_zip"):
            self._prepare_output()
        if not hasattr(self, "_embed_plan"):
            self._prepare_embed()
        if self._embed_plan is None:  # the template is not the usual package: embedded the general way
            return embed_payload(self._render_bytes(context), embed)
        text = canonical_json(embed)
        written = self._embed_plan.written(text)
        return self._render_bytes(context, self._embed_zip, [(name, written[name]) for name in self._embed_tail])

    def _prepare_embed(self) -> None:
        """Once per renderer: where the agreement goes and the prepared zip with the parts
        that change with it (:func:`.pact_embed.prepare`); None for the general way."""
        from .pact_embed import prepare

        base = [(name, data) for name, data in drop_stale_parts(self._loaded.entries) if name not in set(self._order)]
        prepared = prepare(base, self._order, self._zipinfo)
        self._embed_plan, self._embed_zip, self._embed_tail = prepared or (None, b"", [])

    def _render_bytes(self, context: dict, base_zip: bytes | None = None,
                      tail: list[tuple[str, bytes]] = ()) -> bytes:
        if not hasattr(self, "_base_zip"):
            self._prepare_output()
        context = _sanitise(context)
        out: dict[str, bytes] = dict(self._template_props)
        doc = context.get("dokumen")
        if isinstance(doc, dict) and doc.get("judul"):
            for name, kind in self._props.items():
                out[name] = _core_xml(doc) if kind == "core" else _app_xml(doc)
        for name, (part, template) in self._compiled.items():
            xml = self._render_source(template, context)
            if part.kind == "body":
                # docxtpl's table fix only matters for {%tc %} column tags, its id fix only
                # for pictures; both are skipped otherwise. Parsing proves the body is
                # well formed; it is then spliced into the prepared document.
                tree = _PATCHER.fix_tables(xml) if self._table_tags else parse_xml(xml.encode("utf-8"))
                if self._column_loops:
                    fit_columns(tree)
                if self._pictures:
                    _PATCHER.docx_ids_index = 1000
                    _PATCHER.fix_docpr_ids(tree)
                out[name] = self._doc_head + etree.tostring(tree, encoding="UTF-8") + self._doc_tail
            else:
                tree = parse_xml(xml.encode("utf-8"))
                if self._column_loops:
                    fit_columns(tree)
                out[name] = etree.tostring(tree, encoding="UTF-8", standalone=True)
        buf = io.BytesIO(self._base_zip if base_zip is None else base_zip)
        buf.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zout:
            for name in self._order:
                zout.writestr(self._zipinfo(name), out[name])
            for name, data in tail:
                zout.writestr(self._zipinfo(name), data)
        return buf.getvalue()

    def render(self, context: dict, out_path: str | Path, *, embed: dict | None = None) -> Path:
        """Render one pact and write it atomically to ``out_path`` (``embed``: see
        :meth:`render_bytes`)."""
        out_path = Path(out_path)
        atomic.write_bytes(out_path, self.render_bytes(context, embed=embed))
        return out_path


