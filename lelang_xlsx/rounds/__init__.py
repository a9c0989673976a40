"""What the yearly rounds (evaluasi/, pk/, pantau/) share; a round is a subpackage over these,
never a copy of them (docs/design/rounds.md):

- :mod:`.opening`: open the auction, panel.xlsx, the year and the register (``open_round``);
- :mod:`.stage`: check ``<round>/<year>/masuk/`` in the run's worker processes, unchanged files
  from the cache, annotated copies in the round's voice;
- :mod:`.outputs`: the round's folders, the early start of the workers, laporan, per-OPD
  folders and the manifest;
- :mod:`.scoring` and :mod:`.points`: achievement (capaian), Kategori Capaian and the
  panel's points tables, used by the evaluation and the monitoring alike;
- :mod:`.cli`: the options and printing shared by ``lelang eval|pk|pantau``.

Nothing is imported here, so a command pays only for the part it uses.
"""
