"""The Markdown results table: written between two markers, so the hand-written parts of
docs/PERFORMANCE.md (method, profiling notes, before/after figures) stay as they are. Each kind
of run has its own pair of markers (a section): `results` (the full size on SQLite),
`results-postgresql` and `scale` (ten times the data), so one run never overwrites another's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BEGIN = "<!-- bench:results:begin (written by `make bench`; edit outside these markers) -->"
END = "<!-- bench:results:end -->"
MAKE_TARGET = {"scale": "make bench-scale"}


def markers(section: str = "results") -> tuple[str, str]:
    """The begin and end markers of a section (`results`: BEGIN and END)."""
    target = MAKE_TARGET.get(section, "make bench")
    return (
        f"<!-- bench:{section}:begin (written by `{target}`; edit outside these markers) -->",
        f"<!-- bench:{section}:end -->",
    )


# The targets.
P95_OVER_ENGINE_MS = 25.0
ENGINE_THROUGHPUT_SHARE = 0.5
TRIVIAL_THROUGHPUT_SHARE = 0.5
REINDEX_SHARE = 0.8
FRESHNESS_P95_MS = 3000.0
WORKER_RSS_MB = 150.0
TARGET_CLIENTS = 4


def _n(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _delta_ms(value: float) -> str:
    """A difference with its sign: "+17.9", "−56.4" (a page faster than its reference)."""
    return ("+" if value >= 0 else "−") + _ms(abs(value))


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _size(n_bytes: float | None) -> str:
    """Bytes as MB or GB (of 1024², 1024³: as the memory figures, which come in KiB)."""
    if n_bytes is None:
        return "–"
    if n_bytes >= 1024**3:
        return f"{n_bytes / 1024**3:,.2f} GB"
    return f"{n_bytes / 1024**2:,.1f} MB"


def _yes(met: bool | None) -> str:
    return "–" if met is None else ("**met**" if met else "**not met**")


def _run_at(page: dict, clients: int) -> dict | None:
    return next((r for r in page["runs"] if r["connections"] == clients), None)


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    rows: list[tuple[str, str, bool | None]] = []
    for page in results.get("pages", []):
        run = _run_at(page, TARGET_CLIENTS)
        if run is None:
            continue
        p, r = run["page"], run["reference"]
        share = p["rps"] / r["rps"] if r["rps"] else None
        if page["reference"] == "engine":
            delta = p["p95_ms"] - r["p95_ms"]
            rows.append(
                (
                    f"{page['label']}: p95 ≤ engine p95 + {P95_OVER_ENGINE_MS:.0f} ms "
                    f"({TARGET_CLIENTS} clients)",
                    f"{_ms(p['p95_ms'])} ms vs {_ms(r['p95_ms'])} ms: {_delta_ms(delta)} ms",
                    delta <= P95_OVER_ENGINE_MS,
                )
            )
            rows.append(
                (
                    f"{page['label']}: ≥ {ENGINE_THROUGHPUT_SHARE:.0%} of the engine's "
                    f"throughput ({TARGET_CLIENTS} clients)",
                    f"{_n(p['rps'])} vs {_n(r['rps'])} req/s: {_ratio(share)}",
                    share is not None and share >= ENGINE_THROUGHPUT_SHARE,
                )
            )
        else:
            rows.append(
                (
                    f"{page['label']}: ≥ {TRIVIAL_THROUGHPUT_SHARE:.0%} of the trivial view's "
                    f"throughput ({TARGET_CLIENTS} clients)",
                    f"{_n(p['rps'])} vs {_n(r['rps'])} req/s: {_ratio(share)}",
                    share is not None and share >= TRIVIAL_THROUGHPUT_SHARE,
                )
            )
    idx = results.get("indexing")
    if idx and idx.get("direct_rate") is not None:
        share = idx["portal_rate"] / idx["direct_rate"] if idx["direct_rate"] else None
        rows.append(
            (
                f"Full reindex ≥ {REINDEX_SHARE:.0%} of the direct push rate",
                f"{_n(idx['portal_rate'])} vs {_n(idx['direct_rate'])} documents/s: "
                f"{_ratio(share)}",
                share is not None and share >= REINDEX_SHARE,
            )
        )
    fresh = results.get("freshness")
    if fresh:
        p95 = fresh.get("p95_ms")
        complete = fresh["seen"] == fresh["updates"]
        rows.append(
            (
                f"Commit-to-searchable p95 < {FRESHNESS_P95_MS / 1000:.0f} s",
                f"{_ms(p95)} ms ({fresh['seen']}/{fresh['updates']} changes seen)",
                p95 is not None and p95 < FRESHNESS_P95_MS and complete,
            )
        )
    memory = results.get("memory")
    if memory and memory["web_workers_mb"]:
        largest = max(memory["web_workers_mb"])
        rows.append(
            (
                f"One web worker < {WORKER_RSS_MB:.0f} MB resident",
                f"{_n(largest)} MB (workers: "
                + ", ".join(f"{m:.0f}" for m in memory["web_workers_mb"])
                + " MB)",
                largest < WORKER_RSS_MB,
            )
        )
    return rows


def _header(results: dict[str, Any]) -> list[str]:
    meta = results["meta"]
    sizes = meta["sizes"]
    out = [f"## {meta.get('title', 'Results')}", ""]
    out.append(
        f"Measured {meta['date']} at commit {meta.get('commit') or '?'} on "
        f"{meta['cpu']} ({meta['cores']} cores, {meta['memory']}), Python {meta['python']}, "
        f"{meta['database']}, gunicorn `--workers {meta['gunicorn_workers']}` (sync), "
        f"{meta['duration_s']:g} s of wrk per point. Load average "
        f"{meta['loadavg_start']} before, {meta.get('loadavg_end', '?')} after "
        f"(other work on the machine shows here). Whole run: {_n(meta.get('seconds'))} s."
    )
    steps = meta.get("steps_s")
    if steps:
        out.append("")
        out.append(
            "Steps: "
            + ", ".join(f"{name} {_n(s)} s" for name, s in steps.items())
            + "."
            + (f" Left out: {', '.join(meta['skipped'])}." if meta.get("skipped") else "")
        )
    out.append("")
    out.append(
        f"Data: {_n(sizes['profiles'])} profiles, {_n(sizes['open_jobs'])} open jobs "
        f"(plus ~10% closed, filled, expired or draft), {_n(sizes['applications'])} "
        f"applications, {_n(sizes['organizations'])} organizations. "
        f"Reproduce: `{meta['command']}`."
    )
    others = [r.get("other_cpu") or 0 for p in results.get("pages", []) for r in p["runs"]]
    if others:
        worst = max(others)
        out.append("")
        out.append(
            f"Other processes on the machine used at most {worst:.0%} of a core during the "
            "load measurements"
            + (
                " — **the machine was not quiet; the affected rows are pessimistic**."
                if worst > 0.15
                else " (quiet)."
            )
        )
    out.append("")
    return out


def _targets(results: dict[str, Any]) -> list[str]:
    rows = targets(results)
    if not rows:
        return []
    out = ["### Targets", "", "| Target | Measured | |", "|---|---|---|"]
    out += [f"| {name} | {measured} | {_yes(met)} |" for name, measured, met in rows]
    return [*out, ""]


def _pages(results: dict[str, Any]) -> list[str]:
    if not results.get("pages"):
        return []
    out = [
        "### Pages under load (wrk, same run, same machine)",
        "",
        "Each page is followed straight away by its reference at the same number of "
        "clients: the page's own multi-search body POSTed to Meilisearch (engine floor), or "
        "a trivial Flask view on an identical gunicorn (framework ceiling). Latencies in ms. "
        "*Other processes*: the share of one core that processes outside this run used "
        "during the page's or the reference's measurement (the larger); anything well above "
        "0% means the figure is pessimistic.",
        "",
        "| Page | Clients | req/s | p50 | p95 | p99 | Reference | req/s | p50 | p95 | p99 "
        "| Throughput vs reference | p95 over reference | Other processes |",
        "|---|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for page in results["pages"]:
        ref_name = "engine" if page["reference"] == "engine" else "trivial view"
        for run in page["runs"]:
            p, r = run["page"], run["reference"]
            share = p["rps"] / r["rps"] if r["rps"] else None
            out.append(
                f"| {page['label']} | {run['connections']} | {_n(p['rps'])} | "
                f"{_ms(p['p50_ms'])} | {_ms(p['p95_ms'])} | {_ms(p['p99_ms'])} | {ref_name} | "
                f"{_n(r['rps'])} | {_ms(r['p50_ms'])} | {_ms(r['p95_ms'])} | "
                f"{_ms(r['p99_ms'])} | {_ratio(share)} | {_delta_ms(p['p95_ms'] - r['p95_ms'])} | "
                f"{_ratio(run.get('other_cpu'))} |"
            )
    return [*out, ""]


def _indexing(results: dict[str, Any]) -> list[str]:
    idx = results.get("indexing")
    if not idx:
        return []
    docs = ", ".join(f"{_n(n)} {name}" for name, n in idx["documents"].items())
    out = [
        "### Indexing",
        "",
        f"{docs}; batches of {_n(idx['batch_size'])}.",
        "",
        "| | Seconds | Documents/s |",
        "|---|--:|--:|",
        f"| `flask search reindex` (build, check, swap, replay) | "
        f"{idx['portal_seconds']:.1f} | {_n(idx['portal_rate'])} |",
    ]
    direct = idx.get("direct_rate") is not None
    if direct:
        share = idx["portal_rate"] / idx["direct_rate"] if idx["direct_rate"] else None
        out += [
            f"| Same documents pushed straight to Meilisearch | {idx['direct_seconds']:.1f} | "
            f"{_n(idx['direct_rate'])} |",
            f"| Ratio | | {_ratio(share)} |",
        ]
    out.append("")
    if not direct:
        out += ["The direct push was left out (`--skip direct-push`).", ""]
    if idx.get("portal_other_cpu") is not None:
        during_direct = (
            f" and {_ratio(idx.get('direct_other_cpu'))} during the direct push" if direct else ""
        )
        out += [
            f"Other processes used {_ratio(idx['portal_other_cpu'])} of a core during the "
            f"reindex{during_direct}.",
            "",
        ]
    if idx.get("portal_cpu_s") is not None:
        during_direct = (
            f" and {idx['direct_engine_cpu_s']:.1f} s during the direct push" if direct else ""
        )
        out += [
            f"CPU time: the portal process {idx['portal_cpu_s']:.1f} s (reading and "
            f"building), the engine {idx['portal_engine_cpu_s']:.1f} s during the reindex"
            f"{during_direct}.",
            "",
        ]
    return out


def _freshness(results: dict[str, Any]) -> list[str]:
    fresh = results.get("freshness")
    if not fresh:
        return []
    return [
        "### Freshness",
        "",
        f"A published job renamed every {fresh['interval_s']:g} s "
        f"({fresh['updates']} commits) with `flask search worker` running; the engine "
        "polled until each new title is there.",
        "",
        "| Changes seen | p50 | p95 | max |",
        "|--:|--:|--:|--:|",
        f"| {fresh['seen']}/{fresh['updates']} | {_ms(fresh['p50_ms'])} ms | "
        f"{_ms(fresh['p95_ms'])} ms | {_ms(fresh['max_ms'])} ms |",
        "",
    ]


def _database(results: dict[str, Any]) -> list[str]:
    database = results.get("database")
    if not database:
        return []
    out = [
        f"### Database ({database['backend']}): queries per page",
        "",
        "Counted with SQLAlchemy's `before_cursor_execute` on the second request of each "
        "page (the first warms per-process caches). `tests/integration/"
        "test_queries_per_page.py` holds the upper bounds.",
        "",
        "| Page | Status | Queries | SQL time (ms) | Slowest statement (ms) "
        "| Loads the gazetteer |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for page in database["pages"]:
        out.append(
            f"| {page['name']} | {page['status']} | {page['queries']} | "
            f"{_ms(page['sql_ms'])} | {_ms(page['slowest_ms'])} | "
            f"{'yes' if page.get('loads_gazetteer') else 'no'} |"
        )
    slow = database.get("slowest")
    if slow:
        out += [
            "",
            f"Slowest statement ({slow['page']}, {_ms(slow['ms'])} ms):",
            "",
            "```sql",
            slow["sql"].strip(),
            "```",
            "",
            "Its plan:",
            "",
            "```",
            slow["plan"].strip(),
            "```",
        ]
    return [*out, ""]


def _memory(results: dict[str, Any]) -> list[str]:
    memory = results.get("memory")
    if not memory:
        return []
    return [
        "### Memory after the load (VmRSS)",
        "",
        "| Process | MB |",
        "|---|--:|",
        *[
            f"| Portal web worker {i + 1} | {_n(mb)} |"
            for i, mb in enumerate(memory["web_workers_mb"])
        ],
        f"| Portal gunicorn master | {_n(memory['web_master_mb'])} |",
        f"| `flask search worker` | {_n(memory['search_worker_mb'])} |",
        *[
            f"| Trivial-view worker {i + 1} | {_n(mb)} |"
            for i, mb in enumerate(memory["trivial_workers_mb"])
        ],
        f"| Meilisearch | {_n(memory['meilisearch_mb'])} |",
        *[
            f"| Portal web worker {i + 1}, after a near-me job search (loads the gazetteer) "
            f"| {_n(mb)} |"
            for i, mb in enumerate(memory.get("web_workers_after_near_mb") or [])
        ],
        "",
    ]


def _footprint(results: dict[str, Any]) -> list[str]:
    """Disk and memory the data takes, for sizing a host."""
    engine = results.get("engine")
    database = results.get("database_size")
    if not engine and not database:
        return []
    out = [
        "### What the data takes: disk and memory",
        "",
        "| What | Size |",
        "|---|--:|",
    ]
    if database:
        what = "pg_database_size" if database["backend"] == "postgresql" else "file size"
        out.append(f"| Database on disk ({database['backend']}, {what}) | "
                   f"{_size(database['bytes'])} |")  # fmt: skip
    seed, idx = results.get("seed") or {}, results.get("indexing") or {}
    if seed.get("peak_rss_mb") is not None:
        out.append(f"| Seeding process, peak RSS | {_n(seed['peak_rss_mb'])} MB |")
    if idx.get("portal_peak_rss_mb") is not None:
        out.append(f"| Reindex process, peak RSS | {_n(idx['portal_peak_rss_mb'])} MB |")
    if engine:
        documents = sum(i["documents"] or 0 for i in engine["indexes"].values())
        per_document = engine["data_dir_bytes"] / documents if documents else None
        out += [
            f"| Engine database (GET /stats `databaseSize`; in use: `usedDatabaseSize`) | "
            f"{_size(engine['database_bytes'])} ({_size(engine['used_database_bytes'])} in use) |",
            f"| Engine data folder (`du`) | {_size(engine['data_dir_bytes'])} |",
            *[
                f"| Index `{uid}`: {_n(i['documents'])} documents, raw documents (average) | "
                f"{_size(i['raw_document_bytes'])} ({_n(i['avg_document_bytes'])} bytes) |"
                for uid, i in engine["indexes"].items()
            ],
            f"| Engine data folder per document | {_n(per_document)} bytes |",
            *[
                f"| Engine RSS (anonymous): {when} | {_n(engine.get(f'{rss}_mb'))} MB "
                f"({_n(engine.get(f'{anon}_mb'))} MB) |"
                for when, rss, anon in (
                    ("peak during the reindex", "peak_rss_reindex", "peak_anon_reindex"),
                    ("after the reindex", "rss_after_reindex", "anon_after_reindex"),
                    ("after the load", "rss_after_load", "anon_after_load"),
                )
            ],
        ]
    out.append("")
    meta = results["meta"]
    notes = []
    if engine:
        notes.append(
            "The engine's RSS counts the pages of the index files it maps (the kernel's page "
            "cache: the RAM it needs to answer from memory); its anonymous memory is its heap."
        )
    if engine and engine.get("max_indexing_memory"):
        notes.append(
            f"Meilisearch {meta.get('engine_version') or ''} runs with "
            f"`--max-indexing-memory {engine['max_indexing_memory']}`."
        )
    settings = (database or {}).get("settings")
    if settings:
        notes.append(
            f"PostgreSQL {settings['server_version']}: shared_buffers "
            f"{settings['shared_buffers']}, work_mem {settings['work_mem']}; the portal's "
            f"statement timeout {settings['statement_timeout']} (a seed lifts it for itself)."
        )
    if notes:
        out += [" ".join(notes), ""]
    tables = (database or {}).get("tables")
    if tables:
        out += [
            "Largest tables:",
            "",
            "| Table | Rows (estimate) | Table | Indexes |",
            "|---|--:|--:|--:|",
            *[
                f"| {t['name']} | {_n(t['rows'])} | {_size(t['table_bytes'])} | "
                f"{_size(t['index_bytes'])} |"
                for t in tables
            ],
            "",
        ]
    return out


def _seeding(results: dict[str, Any]) -> list[str]:
    seed = results.get("seed")
    if not seed:
        return []
    rows_total = sum(seed["counts"].values())
    phases = ", ".join(f"{k} {v:g} s" for k, v in seed["phases"].items())
    writes = seed.get("write_seconds") or {}
    out = [
        "### Seeding",
        "",
        f"`flask seed` equivalent: {_n(rows_total)} rows in {seed['seconds']:g} s "
        f"({phases}); indexing is measured above.",
        "",
    ]
    if writes:
        out += [
            "*Write seconds*: the time spent writing the table's rows (`COPY` on PostgreSQL, "
            "`executemany` on SQLite); building them is the rest of each phase.",
            "",
            "| Table | Rows | Write seconds |",
            "|---|--:|--:|",
            *[
                f"| {table} | {_n(n)} | {writes.get(table, 0):,.1f} |"
                for table, n in seed["counts"].items()
            ],
        ]
    else:
        out += [
            "| Table | Rows |",
            "|---|--:|",
            *[f"| {table} | {_n(n)} |" for table, n in seed["counts"].items()],
        ]
    return [*out, ""]


def render(results: dict[str, Any], section: str = "results") -> str:
    begin, end = markers(section)
    out = [begin, ""]
    for part in (_header, _targets, _pages, _indexing, _freshness, _database, _memory,
                 _footprint, _seeding):  # fmt: skip
        out += part(results)
    problems = results.get("problems") or []
    out += ["### Problems seen during the run", ""]
    out += [f"- {p}" for p in problems] if problems else ["None."]
    out += ["", end]
    return "\n".join(out) + "\n"


def write(path: Path, results: dict[str, Any], section: str = "results") -> None:
    """Replace the section's block in `path` (or append it), leaving the rest of the file."""
    begin, end = markers(section)
    block = render(results, section)
    if path.exists():
        text = path.read_text()
        if begin in text and end in text:
            before = text[: text.index(begin)]
            after = text[text.index(end) + len(end) :].lstrip("\n")
            text = before + block + ("\n" + after if after else "")
        else:
            text = text.rstrip("\n") + "\n\n" + block
    else:
        text = "# Performance\n\n" + block
    path.write_text(text)
