"""The load test's table, written into docs/PERFORMANCE.md between its own markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.loadtest.monitors import ANON

BEGIN = "<!-- loadtest:results:begin (written by `make loadtest`; edit outside these markers) -->"
END = "<!-- loadtest:results:end -->"
FRESH_TARGET_S = 3.0


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _partial(writes: dict[str, Any]) -> str:
    n = writes.get("stage_moves_partial", 0)
    return f" ({n} moves where only some applicants moved: not counted)" if n else ""


def _hidden(fresh: dict[str, Any]) -> str:
    n = fresh.get("not_sampled_hidden", 0)
    return (
        f" ({n} edits of profiles hidden from employers: not in the engine, not sampled)"
        if n
        else ""
    )


def _change(role: dict[str, float]) -> str:
    base = role.get("second_mb") or role["first_mb"]
    return f"{(role['last_mb'] - base) / base:+.0%}" if base else "–"


def _window_mb(role: dict[str, float]) -> str:
    return (
        f"{role['first_mb']:.0f} / {role.get('second_mb', 0):.0f} / {role['last_mb']:.0f} MB, "
        f"{_change(role)} after warm-up"
    )


def _ok(good: bool) -> str:
    return "met" if good else "**missed**"


def table(results: dict[str, Any]) -> str:
    meta, http, writes = results["meta"], results["http"], results["writes"]
    fresh, memory = results["freshness"], results["memory"]
    total = http["total"] or {"requests": 0, "failures": 0, "rps": 0, "p95_ms": None}
    sizes = meta["sizes"]
    lost = writes["applications_lost"] + writes["profile_edits_lost"] + writes["stage_moves_lost"]
    within = fresh["sampled"] and fresh["within_3s"] == fresh["sampled"]
    roles = {
        k: v for k, v in memory["roles"].items() if not k.startswith("reindex") and ANON not in k
    }
    # Flat: anonymous memory (the heap, where a leak shows; runs from before it was sampled
    # judge RSS) from the second window (warmed up) to the last, within max(20 MB, 10%).
    heaps = {k: memory["roles"].get(k + ANON, v) for k, v in roles.items()}
    flat = all(
        v["last_mb"] - base <= max(20.0, 0.1 * base)
        for v in heaps.values()
        for base in [v.get("second_mb") or v["first_mb"]]
    )
    reindex = results.get("reindex")
    out = [
        "## Load test: mixed journeys",
        "",
        f"Run {meta['date']} on {meta['cpu']} ({meta['cores']} cores, {meta['memory']}), "
        f"Python {meta['python']}, {meta['database']}, gunicorn --workers "
        f"{meta['gunicorn_workers']}, commit {meta['commit']}. Data: {sizes['profiles']:,} "
        f"profiles, {sizes['open_jobs']:,} open jobs, {sizes['applications']:,} applications, "
        f"{sizes['organizations']:,} organizations. {meta['users']} visitors for "
        f"{meta['minutes']:g} min. Machine load (uptime) before the run: `{meta['uptime']}`; "
        f"load average at the start / end of the load: {meta['loadavg_start']} / "
        f"{meta['loadavg_end']}. Reproduce: `{meta['command']}`.",
        "",
        "### Checks",
        "",
        "| check | result | target | |",
        "| --- | --- | --- | --- |",
        f"| HTTP errors (5xx or an answer the journey did not expect) | {total['failures']} of "
        f"{total['requests']:,} requests | 0 | {_ok(total['failures'] == 0)} |",
        f"| lost writes (seen succeed by locust, missing in the database) | {lost} of "
        f"{writes['applications']} applications, {writes['profile_edits']} profile edits "
        f"({writes['profiles_edited']} profiles), {writes['stage_moves']} stage moves"
        f"{_partial(writes)} | 0 | "
        f"{_ok(lost == 0)} |",
        f"| profile edit → searchable (each edit searched for in the engine) | p50 "
        f"{fresh['p50_s']} s, p95 {fresh['p95_s']} s, max {fresh['max_s']} s; "
        f"{fresh['within_3s']}/{fresh['sampled']} within 3 s, {fresh['unseen']} never seen"
        f"{_hidden(fresh)} | "
        f"all ≤ {FRESH_TARGET_S:g} s | {_ok(bool(within))} |",
        f"| memory: mean RSS, and in brackets anonymous memory (heap; RSS also counts mapped "
        f"database files), over the first, second and last {memory['window_s']:g} s (sampled "
        f"every {memory['interval_s']:g} s; the first window includes start-up) | "
        + "; ".join(
            f"{k} {_window_mb(v)}" + (f" ({_window_mb(heaps[k])})" if heaps[k] is not v else "")
            for k, v in roles.items()
        )
        + f" | anonymous memory second → last ≤ max(20 MB, 10%) | {_ok(flat)} |",
    ]
    if reindex:
        out.append(
            f"| reindex halfway (`flask search reindex`) | started at {reindex['started_s']} s, "
            f"took {reindex['seconds']} s, exit {reindex['exit_code']} | completes | "
            f"{_ok(reindex['exit_code'] == 0)} |"
        )
    out += [
        "",
        "### Requests",
        "",
        "| request | count | failures | req/s | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(http["requests"], key=lambda r: -r["requests"]):
        out.append(
            f"| {row['name']} | {row['requests']:,} | {row['failures']} | {row['rps']:.1f} | "
            f"{_ms(row['p50_ms'])} | {_ms(row['p95_ms'])} | {_ms(row['max_ms'])} |"
        )
    out.append(
        f"| **all** | {total['requests']:,} | {total['failures']} | {total['rps']:.1f} | "
        f"{_ms(total.get('p50_ms'))} | {_ms(total['p95_ms'])} | {_ms(total.get('max_ms'))} |"
    )
    if http["failures"]:
        out += ["", "Failures:", ""]
        out += [f"- {f['count']} × {f['name']}: {f['error']}" for f in http["failures"][:20]]
    if results["problems"]:
        out += ["", "Failed checks: " + "; ".join(results["problems"]) + "."]
    return "\n".join(out)


def write(path: Path, results: dict[str, Any]) -> str:
    """Replace what is between the markers (or append them); the table."""
    body = table(results)
    block = f"{BEGIN}\n\n{body}\n\n{END}"
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = (text.rstrip() + "\n\n" if text else "") + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return body
