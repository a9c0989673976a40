"""The recap for the panel (``hasil/rekap.xlsx``).

* :mod:`.build` — the data tables (plain rows; the big sheets' rows per OPD);
* :mod:`.blocks` — each OPD's rows as sheet XML, cached and streamed into the zip;
* :mod:`.session` — the session view for the projector (the first sheet);
* :mod:`.charts` — the ``Grafik`` sheet;
* :mod:`.write` — :func:`write_recap`, the workbook with XlsxWriter.
"""

from .build import (DECISION_LABELS, MISSION_UNSERVED, SHEET_GRAFIK, SHEET_INDIKATOR, SHEET_PENDUKUNG,  # noqa: F401
                    SHEET_PER_MISI, SHEET_PER_OPD, OpdRows, Recap, Table, build_recap, decision_label, improved, improvement)
from .session import SHEET_SESI  # noqa: F401
from .blocks import BlocksMissing, cached_in  # noqa: F401
from .write import write_recap  # noqa: F401
