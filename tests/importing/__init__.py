"""Fixtures and oracle of the ``import`` contract tests (issue 23): documents of the three forms written as .docx,
.xlsx, .html and text (document.py, forms.py), bad files (badfiles.py), the oracle (oracle.py), the runner and the
rules a draft must meet (run.py), a hand-written faithful draft for the oracle's own test (faithful.py), and the
cases kept aside (aside.py, not collected)."""
