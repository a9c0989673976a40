"""The recap for the panel (``hasil/rekap.xlsx``)."""

from .build import (MISSION_UNSERVED, SHEET_GRAFIK, SHEET_INDIKATOR, SHEET_PENDUKUNG, SHEET_PER_MISI,  # noqa: F401
                    SHEET_PER_OPD, RowBlocks, build_recap, improvement, write_recap)
