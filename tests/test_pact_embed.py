"""The agreement inside the pact (issue 18 item 8): a custom XML part written by the renderer,
read back safely, kept by LibreOffice when the pact is saved again."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from lelang_xlsx.documents import pact_embed
from lelang_xlsx.documents.pact_embed import EmbedError, embed, read_embedded, read_embedded_detail
from lelang_xlsx.documents.pacts import PactRenderer, build_context
from tests import pact_fixtures as fx

RENDERER = PactRenderer()
PAYLOAD = {
    "kode_opd": "DINKES", "versi": 2, "berlaku_mulai": 2020, "alasan": "Mutasi pejabat",
    "jalur": {"IK-01": {"2019": 104.5, "2020": 99, "2021": 93.25, "2022": 85, "2023": 85}},
    "catatan": fx.HOSTILE + " ]]> </kesepakatan> &amp;",
}


def _pact(**kw) -> bytes:
    s = fx.submission()
    return RENDERER.render_bytes(build_context(fx.panel(), s, fx.resolutions(s)), **kw)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _replace(data: bytes, name: str, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, new if info.filename == name else zin.read(info))
    return out.getvalue()


def _our_item(data: bytes) -> str:
    return next(n for n, b in _members(data).items()
                if re.fullmatch(r"customXml/item\d+\.xml", n) and pact_embed.NS.encode() in b)


def test_renderer_embeds_the_payload_and_reads_it_back(tmp_path):
    out = RENDERER.render(build_context(fx.panel(), fx.submission(), fx.resolutions(fx.submission())),
                          tmp_path / "DINKES_dinas-kesehatan.docx", embed=PAYLOAD)
    assert read_embedded(out) == PAYLOAD
    members = _members(out.read_bytes())
    # the template's own custom XML part (Word's bibliography store) stays; ours is the next one
    assert b"bibliography" in members["customXml/item1.xml"]
    assert _our_item(out.read_bytes()) == "customXml/item2.xml"
    assert b'Target="../customXml/item2.xml"' in members["word/_rels/document.xml.rels"]
    assert b'PartName="/customXml/itemProps2.xml"' in members["[Content_Types].xml"]
    # the JSON is the canonical text, with its hash
    item = members["customXml/item2.xml"].decode()
    text = pact_embed.canonical_json(PAYLOAD)
    assert f'sha256="{hashlib.sha256(text.encode()).hexdigest()}"' in item


def test_without_a_payload_nothing_is_embedded():
    data = _pact()
    assert read_embedded_detail(data) == (None, "tidak ada")
    assert data == _pact(embed=None)


def test_same_payload_same_bytes_and_re_embedding_replaces():
    a, b = _pact(embed=PAYLOAD), _pact(embed=PAYLOAD)
    assert a == b
    again = embed(a, dict(PAYLOAD, versi=3))
    assert read_embedded(again)["versi"] == 3
    ours = [n for n, body in _members(again).items() if pact_embed.NS.encode() in body
            and re.fullmatch(r"customXml/item\d+\.xml", n)]
    assert ours == ["customXml/item2.xml"]
    assert _members(again).keys() == _members(a).keys()
    assert embed(again, PAYLOAD) == a  # back to the first payload: the first file


def test_embedding_from_a_path_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "pakta.docx"
    path.write_bytes(_pact())
    data = embed(path, PAYLOAD)
    assert read_embedded(data) == PAYLOAD
    assert path.read_bytes() == _pact() and read_embedded(path) is None


def test_embedding_into_something_that_is_not_a_docx_is_refused(tmp_path):
    with pytest.raises(EmbedError):
        embed(b"bukan zip", PAYLOAD)
    with pytest.raises(EmbedError):
        embed(_replace(_pact(), "_rels/.rels", b"<rusak"), PAYLOAD)


def test_embedded_pact_passes_openxml_audit(tmp_path):
    audit = pytest.importorskip("openxml_audit")
    path = tmp_path / "pakta.docx"
    path.write_bytes(_pact(embed=PAYLOAD))
    result = audit.OpenXmlValidator().validate(str(path))
    assert [f"{e.part_uri}: {e.description}" for e in result.errors
            if e.severity == audit.ValidationSeverity.ERROR] == []


@pytest.mark.libreoffice
def test_libreoffice_converts_it_and_keeps_the_agreement_when_saving_again(tmp_path):
    from lelang_xlsx.documents import pdf

    soffice = pdf.soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    path = tmp_path / "pakta.docx"
    path.write_bytes(_pact(embed=PAYLOAD))
    assert pdf.convert_to_pdf([path], tmp_path / "pdf")[0].is_file()
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "simpan"), str(path)],
                   capture_output=True, timeout=180, check=True)
    assert read_embedded(tmp_path / "simpan" / "pakta.docx") == PAYLOAD


# --------------------------------------------------------------------------- hostile files

@pytest.mark.parametrize("source, why", [
    (b"", "bukan dokumen Word .docx yang dapat dibaca"),
    (b"PK\x03\x04 terpotong", "bukan dokumen Word .docx yang dapat dibaca"),
])
def test_unreadable_files_give_none(source, why):
    assert read_embedded_detail(source) == (None, why)


def test_missing_file_gives_none(tmp_path):
    assert read_embedded(tmp_path / "tidak-ada.docx") is None


def test_edited_json_is_not_trusted():
    data = _pact(embed=PAYLOAD)
    name = _our_item(data)
    item = _members(data)[name].replace(b"104.5", b"110.5")
    payload, why = read_embedded_detail(_replace(data, name, item))
    assert payload is None and "sidik tidak cocok" in why


def test_entities_are_never_resolved():
    data = _pact(embed=PAYLOAD)
    name = _our_item(data)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c SYSTEM "file:///etc/passwd">]>'
              b'<kesepakatan xmlns="urn:lelang-xlsx:kesepakatan:1" sha256="x">&b;&c;</kesepakatan>')
    assert read_embedded_detail(_replace(data, name, laughs)) == (None, "tidak ada")


def test_json_that_is_not_an_object_or_too_deep():
    data = _pact(embed=PAYLOAD)
    name = _our_item(data)
    for text in ("[1, 2]", "[" * 100_000 + "]" * 100_000, "{bukan json"):
        sha = hashlib.sha256(text.encode()).hexdigest()
        item = (f'<kesepakatan xmlns="urn:lelang-xlsx:kesepakatan:1" sha256="{sha}">{text}</kesepakatan>').encode()
        payload, why = read_embedded_detail(_replace(data, name, item))
        assert payload is None and "bukan JSON yang sah" in why


def test_two_agreements_in_one_pact_are_refused():
    data = _pact(embed=PAYLOAD)
    members = _members(data)
    name = _our_item(data)
    rels = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             b'relationships/customXml" Target="../customXml/item1.xml"/></Relationships>')
    forged = _replace(_replace(data, "customXml/item1.xml", members[name]), "word/_rels/document.xml.rels", rels)
    assert read_embedded_detail(forged) == (None, "lebih dari satu data kesepakatan di dalam pakta")


def test_oversized_part_is_not_read(monkeypatch):
    data = _pact(embed=PAYLOAD)
    monkeypatch.setattr(pact_embed, "MAX_PART", 200)
    payload, why = read_embedded_detail(data)
    assert payload is None


def test_oversized_file_is_not_opened(monkeypatch, tmp_path):
    path = tmp_path / "pakta.docx"
    path.write_bytes(_pact(embed=PAYLOAD))
    monkeypatch.setattr(pact_embed, "MAX_FILE", 1000)
    assert read_embedded_detail(path) == (None, "berkas terlalu besar")


def test_a_pact_saved_without_our_relationship_has_none():
    """Word drops a custom XML part nothing relates to; so does the reader."""
    data = _pact(embed=PAYLOAD)
    rels = re.sub(rb'<Relationship Id="rId\d+" Type="[^"]+/customXml" Target="../customXml/item2.xml"/>', b"",
                  _members(data)["word/_rels/document.xml.rels"])
    assert read_embedded_detail(_replace(data, "word/_rels/document.xml.rels", rels)) == (None, "tidak ada")
