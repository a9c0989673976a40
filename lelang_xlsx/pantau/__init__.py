"""The quarterly monitoring round (docs/pantau.md): Rencana Aksi, realisation per quarter,
lights and early warnings, built on the agreement in force for the year
(:meth:`agreement.agreed.Register.in_force`).

Kept light: importing the package must not import the round's machinery (the rule
registry imports :mod:`.rules`)."""
