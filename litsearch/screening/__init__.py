"""Screening: rule criteria, title/abstract and full-text decisions, conflicts, agreement."""
