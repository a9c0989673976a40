"""Word documents: the pact context, the docxtpl renderer (also used by the report card) and PDF conversion."""
