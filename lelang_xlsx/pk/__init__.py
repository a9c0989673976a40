"""The yearly Perjanjian Kinerja round (docs/pk.md): a PK per OPD per year, built on the
agreement in force for that year (:meth:`agreement.agreed.Register.in_force`).

Kept light: importing the package must not import the round's machinery (the rule
registry imports :mod:`.rules`)."""
