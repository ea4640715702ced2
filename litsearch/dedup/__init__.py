"""Deduplication: identifiers, fuzzy matching, vetoes, clusters and a review queue."""
