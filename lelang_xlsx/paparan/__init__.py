"""Presentation decks ("Bahan Paparan"): one editable deck per OPD made from its checked
workbook, and the panel's session deck (docs/paparan.md).

deck.py one OPD's deck · session.py the session deck · charts.py native charts with
embedded data · draw.py fitted text boxes and tables · layout.py text measurement ·
stage.py the batch stage (cache, atomic writes, reproducible bytes).
"""

from .stage import PaparanOutcome, paparan_dir, paparan_stage

__all__ = ["PaparanOutcome", "paparan_dir", "paparan_stage"]
