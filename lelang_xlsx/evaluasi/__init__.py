"""The yearly evaluation round (docs/evaluasi.md, docs/design/evaluation.md): realisation against the agreed target,
achievement, reward and punishment points, a ranking and a report card per OPD.

Built from the auction's shared parts (xlsxread reader, tables, findings, annotation,
atomic writes, cache, the pact renderer); only what is new for the round lives here.
"""
