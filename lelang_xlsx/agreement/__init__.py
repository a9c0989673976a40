"""The agreement: the agreed yearly path, the pact gate and lock, and the register
(docs/design/: gate-and-lock.md, yearly-path.md, register.md)."""
