"""A pact rebuilt from the register, never from the current inputs (kesepakatan.md,
"Nothing signed moves"): the version entry holds every value the pact was built from,
so a pact file moved out of ``hasil/pakta/`` or edited is written again from it.

:func:`inputs_of` turns a version entry back into the submission and resolutions the
pact context is built from; :func:`pact_date` the date it printed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .. import contract as C
from ..model import REFUSED, Identity, Indicator, Resolution, Submission


def _year_map(values) -> dict[int, float | None]:
    out = {}
    for y, v in (values or {}).items():
        try:
            out[int(y)] = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
        except (TypeError, ValueError):
            continue
    return out


def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _int(v) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _text(v) -> str:
    return v if isinstance(v, str) else ""


def _value(f: C.Field, v):
    """A form field's value back from the register, by the field's kind."""
    return _num(v) if f.kind == "number" else _int(v) if f.kind == "year" else _text(v)


def inputs_of(entry: dict, akhir: int) -> tuple[Submission, list[Resolution]]:
    """The submission and resolutions a version entry was issued from (as far as the pact
    prints them); ``akhir``: the last year of the period (the proposal's year)."""
    signer = entry.get("penanda_tangan") or {}
    ident = Identity(kode_opd=_text(entry.get("kode_opd")), nama_opd=_text(entry.get("nama_opd")),
                     nama_kepala=_text(signer.get("nama")), nip_kepala=_text(signer.get("nip")),
                     pangkat=_text(signer.get("pangkat")), jabatan=_text(signer.get("jabatan")))
    sub = Submission(path=_text((entry.get("formulir") or {}).get("berkas")), readable=True, identity=ident)
    recs = []
    for n, item in enumerate(entry.get("indikator") or [], start=2):
        ind = Indicator(row=n, targets=_year_map(item.get("usulan")),
                        **{f.key: _value(f, item.get(f.key)) for f in C.shown_in(C.INDIKATOR_FIELDS, C.REGISTER)})
        tail = {f.key: _value(f, item.get(f.key)) for f in C.shown_in(C.INDIKATOR_TAIL_FIELDS, C.REGISTER)
                if f.key in item}  # optional columns: only in versions that recorded them
        if tail:
            ind = dataclasses.replace(ind, **tail)
        sub.indicators.append(ind)
        tawaran = item.get("tawaran") or {}
        disepakati = item.get("disepakati") or {}
        status = _text(item.get("status"))
        res = Resolution(ident.kode_opd, ident.nama_opd, ind, ind.target_akhir, akhir,
                         tawaran_nilai=_num(tawaran.get("nilai")), tawaran_tahun=_int(tawaran.get("tahun")),
                         keputusan=item.get("keputusan") if isinstance(item.get("keputusan"), str) else None,
                         disepakati_nilai=_num(disepakati.get("nilai")), disepakati_tahun=_int(disepakati.get("tahun")),
                         catatan=_text(item.get("catatan")), status=status)
        res.negosiasi = status == REFUSED and (res.disepakati_nilai, res.disepakati_tahun) != (res.usulan_nilai, akhir)
        res.tahunan = _year_map(item.get("target"))
        recs.append(res)
    return sub, recs


def pact_date(entry: dict, fallback: dt.date | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(entry["tanggal"]) if entry.get("tanggal") else fallback
    except (TypeError, ValueError):
        return fallback
