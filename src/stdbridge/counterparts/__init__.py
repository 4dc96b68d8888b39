"""Counterparts nobody declared: suggested for one standard with their evidence (``suggest``), and in bulk for
whole lists and bodies (``bulk``)."""
