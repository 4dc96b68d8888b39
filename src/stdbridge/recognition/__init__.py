"""Mutual-recognition catalogues: programmes of two or more parties, their draft entries, Delphi review rounds,
consensus with reservations, and signed releases anyone can verify (``model`` holds the records)."""
