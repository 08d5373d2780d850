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

from bench import report, wrk
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


def test_the_report_keeps_the_hand_written_parts(tmp_path):
    path = tmp_path / "PERFORMANCE.md"
    path.write_text(f"# Performance\n\nMethod.\n\n{report.BEGIN}\nold\n{report.END}\n\nNotes.\n")
    results = {
        "meta": {
            "date": "today",
            "cpu": "cpu",
            "cores": 2,
            "memory": "1 GB",
            "python": "3.11",
            "database": "sqlite",
            "gunicorn_workers": 2,
            "duration_s": 1,
            "loadavg_start": "0",
            "sizes": {"profiles": 1, "open_jobs": 1, "applications": 1, "organizations": 1},
            "command": "python -m bench.run",
        },
        "problems": [],
    }
    report.write(path, results)
    text = path.read_text()
    assert text.startswith("# Performance\n\nMethod.")
    assert text.rstrip().endswith("Notes.")
    assert "old" not in text and "## Results" in text


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
        "### Seeding",
    ):
        assert heading in text
    for page in ("Job search", "Candidate search", "Best candidates", "Job page", "Home page"):
        assert f"| {page}" in text
    raw = json.loads(output.with_suffix(".json").read_text())
    assert raw["freshness"]["updates"] >= 1
    assert {p["status"] for p in raw["database"]["pages"]} == {200}
    assert raw["memory"]["web_workers_mb"]
