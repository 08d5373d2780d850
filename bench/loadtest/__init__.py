"""`make loadtest` / `python -m bench.loadtest`: mixed journeys under locust, with a reindex
halfway, checked for errors, lost writes, freshness and memory (docs/PERFORMANCE.md)."""
