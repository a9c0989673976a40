"""The direction logic of Naik / Turun / Tetap, in one place (lelang_xlsx/vocab.py): the
recap's improvement column and the offer round's LK504 both use it."""

from lelang_xlsx import vocab
from lelang_xlsx.agreement import offer_resolve
from lelang_xlsx.recap import build


def test_direction_by_polarity():
    assert vocab.polarity(" naik ") == "Naik" and vocab.polarity("Naik turun") == ""
    assert vocab.tougher_by("Naik", 80, 85) == 5 and vocab.tougher_by("Turun", 80, 75) == 5
    assert vocab.tougher_by("Tetap", 3.5, 3.0) == -0.5  # no direction: the raw difference
    assert vocab.easier("Naik", 80, 79) and vocab.easier("Turun", 80, 81) and not vocab.easier("Tetap", 80, 90)
    assert vocab.improvement("Turun", 104.5, 80.0) == (104.5 - 80.0) / 104.5 * 100
    assert vocab.improvement("Naik", 0, 5) is None and vocab.improved("Naik", 0, 5) is True
    assert vocab.improved("Tetap", 3.5, 3.5) is True and vocab.improved("Turun", 3.5, 4.0) is False


def test_the_callers_use_the_one_definition():
    assert build.improvement is vocab.improvement and build.improved is vocab.improved
    assert offer_resolve.tougher_by is vocab.tougher_by and offer_resolve.easier is vocab.easier


def test_better_in_the_direction():
    assert vocab.better("Naik", 5, 4) is True and vocab.better("Naik", 4, 5) is False
    assert vocab.better("Turun", 4, 5) is True and vocab.better("turun", 5, 5) is False
    assert vocab.better("Tetap", 4, 5) is None and vocab.better("miring", 4, 5) is None
    assert vocab.OPPOSITE == {"Naik": "Turun", "Turun": "Naik"}


def test_the_checks_follow_the_direction_logic():
    """LK309/LK310/LK315 judge direction by vocab.better: a Turun path that rises is wrong
    at every step, a Naik one that rises is not."""
    from lelang_xlsx.checking.checks import check_direction, check_reversed_polarity

    from . import offer_fixtures as F

    panel = F.panel()
    sub = F.dinkes()
    ind = sub.indicators[0]
    ind.polaritas, ind.nilai_dasar = "Turun", 10.0
    ind.targets = {y: 10.0 + i + 1 for i, y in enumerate(panel.years)}
    sub.indicators = [ind]
    codes = sorted(f.code for f in check_direction(sub, panel) + check_reversed_polarity(sub, panel))
    assert codes == ["LK309"] + ["LK310"] * len(panel.years) + ["LK315"]
    ind.polaritas = "Naik"
    assert check_direction(sub, panel) + check_reversed_polarity(sub, panel) == []


def test_colours_are_defined_only_in_the_vocabulary():
    """The error, warning, OK and hold colours are spelled in lelang_xlsx/vocab.py alone."""
    import ast
    from pathlib import Path

    root = Path(vocab.__file__).parent
    spelled = {c.upper() for c in (vocab.ERROR_FILL, vocab.WARNING_FILL, vocab.OK_FILL, vocab.ERROR_FONT, vocab.OK_FONT,
                                   vocab.HOLD_FILL, vocab.MARK_BG)}  # (grey #D9D9D9 is also every border's)
    offenders = []
    for p in root.rglob("*.py"):
        if p.name == "vocab.py":
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.upper() in spelled:
                offenders.append((p.relative_to(root).as_posix(), node.lineno, node.value))
    assert offenders == []
