"""The benchmark scripts at tiny sizes, so they cannot rot. No timing is asserted here: the
figures belong in docs/PERFORMANCE.md (`make bench`), not in the test suite."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import report, run, wrk
from tests.fixtures.environment import PG_URL, missing

ROOT = Path(__file__).resolve().parents[2]
TINY = [
    "--tiny",
    "--duration",
    "1",
    "--connections",
    "1",
    "--freshness-seconds",
    "1",
]


def test_wrk_output_is_read():
    output = """Running 1s test @ http://127.0.0.1:1
  Latency Distribution
     50%   55.00us
  68164 requests in 1.10s, 53.96MB read
  Non-2xx or 3xx responses: 3
Requests/sec:  62001.99
BENCH_JSON {"requests": 68164, "duration_us": 1100000, "bytes": 1, "errors": {"connect": 0, \
"read": 0, "write": 0, "status": 3, "timeout": 0}, "p50_us": 55, "p90_us": 127, "p95_us": 400, \
"p99_us": 3350, "max_us": 5390, "mean_us": 186.9}"""
    result = wrk.parse(output, "engine", 4)
    assert result.rps == pytest.approx(62001.99)
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (0.055, 0.4, 3.35)
    assert result.non_2xx == 3


def test_lua_strings_survive_any_body(tmp_path):
    target = wrk.Target(
        "x", "http://127.0.0.1:1", ["/a"], method="POST", bodies=['{"q": "]] ]=] [["}']
    )
    script = wrk.write_script(target, tmp_path).read_text()
    assert '{"q": "]] ]=] [["}]==]' in script


def _results(**meta: object) -> dict:
    """The smallest results a report can be written from, with `meta` on top."""
    return {
        "meta": {
            "date": "today",
            "cpu": "cpu",
            "cores": 2,
            "memory": "1 GB",
            "python": "3.11",
            "gunicorn_workers": 2,
            "duration_s": 1,
            "loadavg_start": "0",
            "sizes": {"profiles": 1, "open_jobs": 1, "applications": 1, "organizations": 1},
            **meta,
        },
        "problems": [],
    }


def test_the_report_keeps_the_hand_written_parts(tmp_path):
    path = tmp_path / "PERFORMANCE.md"
    path.write_text(f"# Performance\n\nMethod.\n\n{report.BEGIN}\nold\n{report.END}\n\nNotes.\n")
    results = _results(database="sqlite", command="python -m bench.run")
    report.write(path, results)
    text = path.read_text()
    assert text.startswith("# Performance\n\nMethod.")
    assert text.rstrip().endswith("Notes.")
    assert "old" not in text and "## Results" in text


def test_each_kind_of_run_writes_its_own_section(tmp_path):
    """The full size on SQLite, on PostgreSQL and ten times the data each have their markers:
    writing one leaves the others as they were."""
    path = tmp_path / "PERFORMANCE.md"
    results = _results(
        database="postgresql", command="python -m bench.run --scale", title="Ten times the data"
    )
    scale_begin, scale_end = report.markers("scale")
    path.write_text(
        f"# Performance\n\n{report.BEGIN}\nthe SQLite table\n{report.END}\n\n"
        f"Notes.\n\n{scale_begin}\nnot run yet\n{scale_end}\n\nAnalysis.\n"
    )
    report.write(path, results, "scale")
    text = path.read_text()
    assert f"{report.BEGIN}\nthe SQLite table\n{report.END}" in text
    assert "not run yet" not in text and "## Ten times the data" in text
    assert text.index("Notes.") < text.index(scale_begin) < text.index("Analysis.")
    assert report.markers("results") == (report.BEGIN, report.END)


def test_the_scale_preset_and_the_steps_it_leaves_out():
    scale = run.parse_args(["--scale"])
    assert (scale.profiles, scale.jobs) == (1_000_000, 200_000)
    assert scale.connection_levels == [4] and scale.skipped == {"direct-push"}
    assert (scale.output, scale.section) == (run.DOCS, "scale")
    assert run.raw_path(scale) == run.RAW["scale"]
    everything = run.parse_args(["--scale", "--skip", "", "--connections", "1,4"])
    assert everything.skipped == set() and everything.connection_levels == [1, 4]
    # The full size keeps its defaults; on PostgreSQL it has its own section.
    full = run.parse_args(["--database-url", ""])
    assert (full.section, full.output, full.skipped) == ("results", run.DOCS, set())
    assert full.connection_levels == [1, 4, 16] and run.raw_path(full) == run.RAW_FULL
    on_postgresql = run.parse_args(["--database-url", "postgresql://localhost/postgres"])
    assert on_postgresql.section == "results-postgresql" and on_postgresql.output == run.DOCS
    with pytest.raises(SystemExit):
        run.parse_args(["--skip", "pages"])


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def bench_database(request) -> str:
    return "" if request.param == "sqlite" else PG_URL


def test_a_tiny_benchmark_run(tmp_path, bench_database):
    if shutil.which("wrk") is None:
        missing("wrk not installed: apt-get install -y wrk")
    output = tmp_path / "PERFORMANCE.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEILI_", "PORTAL_"))}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "bench.run", *TINY, "--output", str(output)]
    if bench_database:
        command += ["--database-url", bench_database]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    text = output.read_text()
    for heading in (
        "### Targets",
        "### Pages under load",
        "### Indexing",
        "### Freshness",
        "queries per page",
        "### Memory after the load",
        "### What the data takes",
        "### Seeding",
    ):
        assert heading in text
    for page in ("Job search", "Candidate search", "Best candidates", "Job page", "Home page"):
        assert f"| {page}" in text
    raw = json.loads(output.with_suffix(".json").read_text())
    assert raw["freshness"]["updates"] >= 1
    assert {p["status"] for p in raw["database"]["pages"]} == {200}
    assert raw["memory"]["web_workers_mb"]
    assert raw["indexing"]["direct_rate"] > 0
    # What the data takes: the engine's and the database's size, the steps' peak memory.
    engine = raw["engine"]
    assert engine["database_bytes"] > 0 and engine["data_dir_bytes"] > 0
    assert sum(i["documents"] for i in engine["indexes"].values()) == raw["indexing"]["total"]
    assert engine["rss_after_reindex_mb"] > 0 and engine["rss_after_load_mb"] > 0
    assert 0 < engine["anon_after_load_mb"] <= engine["rss_after_load_mb"]
    assert raw["database_size"]["bytes"] > 0
    assert raw["seed"]["peak_rss_mb"] > 0 and raw["indexing"]["portal_peak_rss_mb"] > 0
    assert set(raw["seed"]["write_seconds"]) == set(raw["seed"]["counts"])


def test_a_scale_run_leaves_out_what_it_is_told(tmp_path):
    """`--scale` at a tiny size (on PostgreSQL when there is one, as `make bench-scale`):
    four clients, no direct push, and here no freshness or database step either."""
    if shutil.which("wrk") is None:
        missing("wrk not installed: apt-get install -y wrk")
    output = tmp_path / "SCALE.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEILI_", "PORTAL_"))}
    env.pop("DATABASE_URL", None)
    sizes = ["--profiles", "60", "--jobs", "30", "--applications", "300", "--orgs", "6"]
    command = [sys.executable, "-m", "bench.run", "--scale", *sizes, "--duration", "1"]
    command += ["--skip", "direct-push,freshness,database", "--output", str(output)]
    command += ["--database-url", PG_URL]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    text = output.read_text()
    assert report.markers("scale")[0] in text and "## Ten times the data" in text
    assert "The direct push was left out" in text and "### What the data takes" in text
    assert "### Freshness" not in text and "queries per page" not in text
    raw = json.loads(output.with_suffix(".json").read_text())
    assert {r["connections"] for p in raw["pages"] for r in p["runs"]} == {4}
    assert raw["indexing"]["direct_seconds"] is None
    assert set(raw["meta"]["steps_s"]) == {"seed", "indexing", "load"}
