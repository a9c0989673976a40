"""Checking: the rules about meaning, the batch checker, findings and the feedback content."""
