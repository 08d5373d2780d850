"""Benchmarks of the portal against the search engine and a trivial Flask view (`make bench`).

Run `python -m bench.run --help`; results go to docs/PERFORMANCE.md. Nothing here is imported
by the product, and the test suite only runs a tiny smoke pass (tests/integration/
test_bench_smoke.py) so the scripts cannot rot.
"""
