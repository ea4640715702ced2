"""Widgets for the screening app."""
