"""The agreement: the agreed yearly path, the pact gate and lock, and the register
(workbooks.md section 3: "Status OPD", "The agreed yearly path", "The agreement register")."""
