"""Figures about standards systems: the overview of a body or a country (``overview``), the records each holds
(``totals``) and how compatible two systems are (``compatibility``)."""
