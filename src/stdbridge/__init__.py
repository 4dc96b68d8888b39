"""stdbridge: a linked, multilingual catalogue of the standards of many bodies."""

__version__ = "0.1.0"
