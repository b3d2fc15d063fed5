"""Head office's side: take in the bundles agents send (intake), keep every revision in head
office's own database (SQLite or PostgreSQL), send receipts back, and report.

It builds on the same model and bundle code as the laptop, so the two ends cannot disagree about
the format; its database and migrations are its own (the laptop's store is not used here).
"""
