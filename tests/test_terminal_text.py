"""Text from a workbook is shown literally in the terminal (issue 22 item 12): rich markup
in an OPD code or name is printed as typed, never parsed; escape sequences and NUL bytes
are written out, not sent to the terminal."""

from click.testing import CliRunner

from lelang_xlsx.cli import main
from lelang_xlsx.output.safetext import literal

from .agreement_support import set_session
from .support import fill_form, new_auction

NAME = "Dinas Kesehatan [/revisi] [revisi] [bold]tebal[/bold] :warning:"
OSC = "_x001B_]0;diretas_x0007_ NUL_x0000_ \u202egnp.exe"  # OOXML escapes: ESC ] 0 ; … BEL, NUL; RLO


def _auction(tmp_path):
    auction = new_auction(tmp_path)
    blank = auction.formulir / "DINKES.xlsx"
    fill_form(blank, auction.masuk / "DINKES.xlsx")
    fill_form(blank, auction.masuk / "asing.xlsx", identity={"Kode OPD": "[/]", "Nama OPD": f"{NAME} {OSC}"})
    return auction


def test_markup_and_escapes_in_opd_text_are_printed_literally(tmp_path):
    auction = _auction(tmp_path)
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert res.exit_code == 1, res.output
    out = res.output
    assert "Galat internal" not in out and "MarkupError" not in out and "Traceback" not in out
    assert "[/]" in out  # the unknown code in the closing table, as typed
    assert "[revisi]" in out and "[/revisi]" in out and "[bold]tebal[/bold]" in out
    assert ":warning:" in out and "⚠" not in out
    assert "\x1b" not in out and "\x00" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;diretas\\x07" in out and "NUL\\x00" in out and "<U+202E>gnp.exe" in out

    # the panel closes DINKES's session: the closing line about the new pact is printed too
    set_session(auction.penawaran, "DINKES", "Ya")
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert "Galat internal" not in res.output
    assert "Pakta baru terbit: DINKES" in res.output


def test_finding_lines_and_json_keep_terminal_controls_out(tmp_path):
    auction = _auction(tmp_path)
    for args in (["check", str(auction.root)], ["check", str(auction.root), "--format", "json"]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 1, res.output
        assert "\x1b" not in res.output and "\x00" not in res.output and "\u202e" not in res.output
    import json

    findings = json.loads(res.output)  # the same values, escaped the JSON way
    assert any("[/]" in f["message"] for f in findings if f["code"] == "LK202")


def test_literal_writes_out_every_control():
    assert literal("a\x1b[31mb\x9bc\x00d\u2066e") == "a\\x1b[31mb\\x9bc\\x00d<U+2066>e"
    assert literal("Dinas [/] Kesehatan\nbaris dua") == "Dinas [/] Kesehatan\nbaris dua"
