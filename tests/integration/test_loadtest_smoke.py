"""The load test at a tiny size, so it cannot rot: a few visitors for ~20 s on a tiny seed, with
the reindex halfway. Behaviour only (no errors, no lost writes); its speed belongs in
docs/PERFORMANCE.md (`make loadtest`), never in the test suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.loadtest import forms
from tests.fixtures.environment import PG_URL

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--tiny", "--minutes", "0.35", "--users", "4", "--spawn-rate", "4"]


def test_a_form_is_read_as_a_browser_sends_it():
    page = """<form method="post" action="/profile/basics">
      <input type="hidden" name="csrf_token" value="tok">
      <input name="headline" value="Coder &amp; auditor">
      <input type="checkbox" name="modes" value="remote" checked>
      <input type="checkbox" name="modes" value="onsite">
      <input type="radio" name="resume" value="none">
      <input type="radio" name="resume" value="profile" checked>
      <select name="country"><option value="US">US</option><option value="IN" selected>IN</option>
      </select>
      <select name="tz"><option value="UTC">UTC</option></select>
      <textarea name="summary">
Ten years</textarea>
      <input name="off" value="x" disabled>
      <button type="submit" name="go" value="1">Save</button>
    </form>"""
    form = forms.form_with(page, "headline")
    assert form is not None and form.method == "post" and form.action == "/profile/basics"
    assert form.fields == [
        ("csrf_token", "tok"),
        ("headline", "Coder & auditor"),
        ("modes", "remote"),
        ("resume", "profile"),
        ("country", "IN"),
        ("tz", "UTC"),
        ("summary", "Ten years"),
    ]
    assert form.choices == {"modes": ["remote", "onsite"], "resume": ["none", "profile"]}
    form.set("headline", "New")
    assert form.get("headline") == "New" and forms.csrf_token(page) == "tok"


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def database(request) -> str:
    return "" if request.param == "sqlite" else PG_URL


def test_a_tiny_load_test_has_no_errors_and_loses_no_write(tmp_path, database):
    output = tmp_path / "PERFORMANCE.md"
    output.write_text("# Performance\n\nBy hand.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEILI_", "PORTAL_"))}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "bench.loadtest", *TINY, "--memory-interval", "2"]
    command += ["--output", str(output), "--database-url", database]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:] + done.stdout[-4000:]
    raw = json.loads(output.with_suffix(".json").read_text())
    assert raw["problems"] == []
    total = raw["http"]["total"]
    assert total["requests"] > 0 and total["failures"] == 0
    writes = raw["writes"]
    assert writes["applications_lost"] == writes["profile_edits_lost"] == 0
    assert writes["stage_moves_lost"] == 0
    assert writes["applications"] + writes["profile_edits"] + writes["stage_moves"] >= 1
    assert raw["reindex"]["exit_code"] == 0
    assert raw["freshness"]["unseen"] == 0
    assert raw["memory"]["samples"]
    # Meilisearch maps its database files: flatness is judged on anonymous memory, sampled too.
    assert raw["memory"]["roles"]["meilisearch (anonymous)"]["last_mb"] > 0
    text = output.read_text()
    assert text.startswith("# Performance\n\nBy hand.")
    assert "## Load test: mixed journeys" in text and "| HTTP errors" in text
