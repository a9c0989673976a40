"""Issue 24: a pact carrying its register version is rendered with the agreement part in one
pass (the template's relationships and content types prepared once, every part compressed
once). The file is the one rendering then embedding gives, byte for byte, for the default
template and for a template that already carries an agreement (the general way)."""

from __future__ import annotations

import io
import re
import zipfile

from lelang_xlsx.documents import pact_embed
from lelang_xlsx.documents.pact_embed import embed, read_embedded
from lelang_xlsx.documents.pacts import PactRenderer, build_context, default_template
from tests import pact_fixtures as fx

PAYLOAD = {"kode_opd": "DINKES", "versi": 1, "jalur": {"IK-01": {"2019": 104.5, "2023": 85}},
           "catatan": fx.HOSTILE + " ]]> </kesepakatan> &amp;"}


def _context():
    s = fx.submission()
    return build_context(fx.panel(), s, fx.resolutions(s))


def _agreements(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return sorted(n for n in z.namelist()
                      if re.fullmatch(r"customXml/item\d+\.xml", n) and pact_embed.NS.encode() in z.read(n))


def test_one_pass_gives_the_bytes_of_render_then_embed():
    renderer = PactRenderer()
    ctx = _context()
    for payload in (PAYLOAD, dict(PAYLOAD, versi=2, kode_opd="DISDIK")):
        fast = renderer.render_bytes(ctx, embed=payload)
        assert fast == embed(renderer.render_bytes(ctx), payload)
        assert read_embedded(fast) == payload
        assert len(_agreements(fast)) == 1
    assert renderer._embed_plan is not None  # the default template took the one-pass way


def test_a_template_already_carrying_an_agreement_is_embedded_the_general_way(tmp_path):
    template = tmp_path / "templat-dengan-kesepakatan.docx"
    template.write_bytes(embed(default_template().read_bytes(), {"kode_opd": "LAMA", "versi": 9}))
    renderer = PactRenderer(template)
    ctx = _context()
    data = renderer.render_bytes(ctx, embed=PAYLOAD)
    assert read_embedded(data) == PAYLOAD  # the template's own agreement replaced, not kept beside it
    assert len(_agreements(data)) == 1
    assert data == embed(renderer.render_bytes(ctx), PAYLOAD)
    assert renderer._embed_plan is None
