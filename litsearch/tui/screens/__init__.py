"""Screens and dialogs for the screening app."""
