"""Benchmarks: side-by-side measurements, run with ``python -m benchmarks.<name>``.

Results are written to ``benchmarks/results/`` and summarised in ``benchmarks/README.md``.
"""
