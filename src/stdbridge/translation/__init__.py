"""The translation workbench: documents cut into segments, a translation memory and termbase seeded from what
stdbridge holds, pluggable machine-translation engines, quality checks, and translation projects that translators
and reviewers work on together (``model`` for the records, ``interfaces`` for what the parts ask of one another).
"""
