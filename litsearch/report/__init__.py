"""Reporting: the PRISMA 2020 flow diagram, the PRISMA-S search report and exports.

``prisma`` computes the flow from the store (every number traced to its records),
``invariants`` checks its arithmetic, ``render_*`` and ``prisma_csv`` write it out,
``versions`` freezes a review version for updated reviews, and ``prisma_s`` writes
the search report.
"""
