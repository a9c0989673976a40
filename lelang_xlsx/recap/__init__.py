"""The recap for the panel (``hasil/rekap.xlsx``).

* :mod:`.build` — the data tables (pandas DataFrames, one per data sheet);
* :mod:`.session` — the session view for the projector (the first sheet);
* :mod:`.charts` — the ``Grafik`` sheet;
* :mod:`.write` — :func:`write_recap`, the workbook with XlsxWriter.
"""

from .build import (DECISION_LABELS, MISSION_UNSERVED, SHEET_GRAFIK, SHEET_INDIKATOR, SHEET_PENDUKUNG,  # noqa: F401
                    SHEET_PER_MISI, SHEET_PER_OPD, build_recap, decision_label, improved, improvement)
from .session import SHEET_SESI  # noqa: F401
from .write import RowBlocks, write_recap  # noqa: F401
