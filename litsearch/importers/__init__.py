"""Importers: every export format a researcher brings, recognised by content."""
