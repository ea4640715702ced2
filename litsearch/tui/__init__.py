"""Terminal apps (Textual): title/abstract and full-text screening, dedup review.

The apps are thin: keys become calls on library objects in the core packages.
"""
