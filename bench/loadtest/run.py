"""`python -m bench.loadtest`: a seeded portal under mixed journeys (locust), a reindex halfway.

1. A fresh database (SQLite in a temporary folder, or a new database on the PostgreSQL server
   `DATABASE_URL` points at) seeded with `portal.devdata.seed`, indexed by `flask search reindex`;
   the bundled Meilisearch, gunicorn serving `wsgi:app` and `flask search worker` (bench/procs.py,
   bench/run.py: the same machinery and configuration as `make bench`).
2. locust, headless, `--users` visitors for `--minutes` (bench/loadtest/locustfile.py); halfway,
   `flask search reindex` in its own process.
3. Checks: zero HTTP errors (5xx, and any answer a journey did not expect), zero lost writes
   (every application, profile edit and stage move locust saw succeed is found in the database),
   every sampled write searchable within 3 s (p95 and max), memory flat (RSS of every process
   every 10 s: first minute against last minute).
The table goes into docs/PERFORMANCE.md between the `loadtest:results` markers (or `--output`).
Exit status 1 when there were errors or lost writes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench import indexing, procs
from bench.loadtest import report
from bench.loadtest.monitors import FreshnessWatcher, MemorySampler
from bench.run import INDEX_PREFIX, Run, loadavg, machine

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "PERFORMANCE.md"
RAW = ROOT / "bench" / "loadtest-results.json"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SIZES = {  # profiles, open jobs, applications, organizations
    "default": (5_000, 2_500, 50_000, 200),
    "tiny": (60, 30, 300, 6),
}


def log(message: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    print(f"[loadtest {stamp}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.loadtest", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=30, help="concurrent visitors [30]")
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="visitors started per second")
    parser.add_argument("--tiny", action="store_true", help="a tiny seed (smoke runs)")
    parser.add_argument("--profiles", type=int)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--applications", type=int)
    parser.add_argument("--orgs", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=procs.GUNICORN_WORKERS)
    parser.add_argument("--memory-interval", type=float, default=10.0, help="seconds [10]")
    parser.add_argument("--no-reindex", action="store_true", help="skip the reindex halfway")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server to create a fresh database on (default: $DATABASE_URL; "
        "empty: SQLite in a temporary folder)",
    )
    parser.add_argument("--output", type=Path, help=f"Markdown file for the table [{DOCS.name}]")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    sizes = SIZES["tiny" if args.tiny else "default"]
    for key, value in zip(("profiles", "jobs", "applications", "orgs"), sizes, strict=True):
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.wait_quiet = 0.0
    if args.output is None:
        args.output = DOCS
    return args


class LoadRun(Run):
    """bench/run.py's run (engine, database, seed, environment, cleanup), with locust instead."""

    def start_servers(self) -> None:
        self.environment_for_load()
        log(f"starting gunicorn --workers {self.args.workers} and the search worker")
        self.web = procs.start_gunicorn(
            "portal", "wsgi:app", self.env_web, self.logs, self.args.workers, "/healthz"
        )
        self.servers.append(self.web)
        self.worker = procs.start_search_worker(self.env_write, self.logs)
        self.servers.append(self.worker)

    def environment_for_load(self) -> None:
        # Each visit sends its own loopback address in X-Forwarded-For, believed from one proxy:
        # rate limits apply per visitor as they would to people, not to the whole load at once.
        self.env_web["TRUSTED_PROXIES"] = "1"
        self.env_write["TRUSTED_PROXIES"] = "1"

    def process_roles(self) -> dict[str, list[int]]:
        roles = {
            "gunicorn master": [self.web.pid],
            "web workers": procs.children(self.web.pid),
            "search worker": [self.worker.pid],
            "meilisearch": [self.meili.process.pid],
        }
        reindex = getattr(self, "reindex_process", None)
        if reindex is not None and reindex.poll() is None:
            roles["reindex"] = [reindex.pid]
        return roles

    def accounts(self, app) -> dict[str, Any]:
        """Seekers with a profile, and each organization's employer accounts."""
        from portal.devdata.seed import SEED_PASSWORD
        from portal.extensions import db
        from portal.models import OrganizationMember, Profile, User

        with app.app_context():
            seekers = list(
                db.session.scalars(
                    sa.select(User.email)
                    .join(Profile, Profile.user_id == User.id)
                    .order_by(User.id)
                )
            )
            members: dict[int, list[str]] = {}
            for org, email in db.session.execute(
                sa.select(OrganizationMember.organization_id, User.email)
                .join(User, User.id == OrganizationMember.user_id)
                .order_by(OrganizationMember.organization_id, User.id)
            ):
                members.setdefault(org, []).append(email)
            self.profile_ids = dict(
                db.session.execute(
                    sa.select(User.email, Profile.id).join(Profile, Profile.user_id == User.id)
                ).all()
            )
        return {
            "seekers": seekers,
            "employers": list(members.values()),
            "password": SEED_PASSWORD,
            "users": self.args.users,
        }

    def searchable_profile(self, email: str) -> int | None:
        """The profile's id if it is in the engine (employers can find it), else None."""
        if not hasattr(self, "indexed_profiles"):
            engine = indexing.Engine(self.meili.url, self.master)
            path = f"/indexes/{INDEX_PREFIX}profiles/documents?fields=id&limit=10000000"
            self.indexed_profiles = {d["id"] for d in engine.request("GET", path)["results"]}
        found = self.profile_ids.get(email)
        return found if found in self.indexed_profiles else None

    def reindex_halfway(self, delay: float) -> None:
        time.sleep(delay)
        log("reindex: flask search reindex (halfway)")
        started = time.perf_counter()
        self.reindex_process = subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "flask", "--app", "wsgi", "search", "reindex"],
            cwd=ROOT,
            env=self.env_write,
            stdout=(self.logs / "reindex.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        code = self.reindex_process.wait()
        self.results["reindex"] = {
            "started_s": round(delay),
            "seconds": round(time.perf_counter() - started, 1),
            "exit_code": code,
        }
        log(f"reindex: done in {self.results['reindex']['seconds']}s (exit {code})")

    def run_locust(self, accounts_path: Path, writes_path: Path) -> int:
        seconds = round(self.args.minutes * 60)
        env = {
            **self.env_web,
            "LOADTEST_ACCOUNTS": str(accounts_path),
            "LOADTEST_WRITES": str(writes_path),
            "PYTHONPATH": str(ROOT),
        }
        command = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "--users", str(self.args.users), "--spawn-rate", str(self.args.spawn_rate),
            "--run-time", f"{seconds}s", "--stop-timeout", "30", "--host", self.web.url,
            "--csv", str(self.tmp / "locust"), "--only-summary", "--loglevel", "WARNING",
        ]  # fmt: skip
        log(f"locust: {self.args.users} visitors for {seconds}s")
        with (self.logs / "locust.log").open("ab") as out:
            return subprocess.run(  # noqa: S603 - our own command line
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
            ).returncode

    def http_results(self) -> dict[str, Any]:
        rows = list(csv.DictReader((self.tmp / "locust_stats.csv").open()))
        requests = [
            {
                "name": f"{r['Type']} {r['Name']}".strip(),
                "requests": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "p50_ms": _number(r.get("50%")),
                "p95_ms": _number(r.get("95%")),
                "max_ms": _number(r.get("Max Response Time")),
                "rps": round(float(r["Requests/s"] or 0), 2),
            }
            for r in rows
        ]
        failures = []
        path = self.tmp / "locust_failures.csv"
        if path.exists():
            failures = [
                {
                    "name": f"{r['Method']} {r['Name']}",
                    "error": r["Error"],
                    "count": int(r["Occurrences"]),
                }
                for r in csv.DictReader(path.open())
            ]
        total = next((r for r in requests if r["name"].endswith("Aggregated")), None)
        return {
            "requests": [r for r in requests if r is not total],
            "total": total,
            "failures": failures,
        }

    def lost_writes(self, app, writes: list[dict[str, Any]]) -> dict[str, Any]:
        """Every write locust saw succeed, looked for in the database."""
        from portal.extensions import db
        from portal.models import Application, ApplicationEvent, Profile, User

        applications = [w for w in writes if w["kind"] == "application"]
        edits = [w for w in writes if w["kind"] == "profile"]
        moves = Counter((i, w["stage"]) for w in writes if w["kind"] == "move" for i in w["ids"])
        latest: dict[str, str] = {}
        for write in sorted(edits, key=lambda w: w["at"]):
            latest[write["email"]] = write["headline"]
        with app.app_context():
            found_apps = set(
                db.session.execute(
                    sa.select(Application.id, User.email).join(
                        User, User.id == Application.seeker_id
                    )
                ).all()
            )
            lost_apps = [w for w in applications if (w["id"], w["email"]) not in found_apps]
            headlines = (
                dict(
                    db.session.execute(
                        sa.select(User.email, Profile.headline)
                        .join(Profile, Profile.user_id == User.id)
                        .where(User.email.in_(list(latest)))
                    ).all()
                )
                if latest
                else {}
            )
            lost_edits = [e for e, h in latest.items() if headlines.get(e) != h]
            events = Counter(
                (a, str(s))
                for a, s in db.session.execute(
                    sa.select(ApplicationEvent.application_id, ApplicationEvent.to_stage).where(
                        ApplicationEvent.from_stage.is_not(None),
                        ApplicationEvent.created_at >= self.load_started_utc,
                    )
                ).all()
            )
            lost_moves = sum(max(0, n - events.get(key, 0)) for key, n in moves.items())
        return {
            "applications": len(applications),
            "applications_lost": len(lost_apps),
            "profile_edits": len(edits),
            "profiles_edited": len(latest),
            "profile_edits_lost": len(lost_edits),
            "stage_moves": sum(moves.values()),
            "stage_moves_lost": lost_moves,
            # Moves where only some of the ticked applicants moved: which ones is not known.
            "stage_moves_partial": sum(1 for w in writes if w["kind"] == "move_partial"),
            "examples": {"applications": lost_apps[:5], "profiles": lost_edits[:5]},
        }

    def load_test(self, app) -> None:
        accounts_path, writes_path = self.tmp / "accounts.json", self.tmp / "writes.jsonl"
        accounts_path.write_text(json.dumps(self.accounts(app)))
        memory = MemorySampler(self.process_roles, self.args.memory_interval).start()
        freshness = FreshnessWatcher(
            writes_path,
            indexing.Engine(self.meili.url, self.master),
            f"{INDEX_PREFIX}profiles",
            self.searchable_profile,
        ).start()
        reindex = None
        if not self.args.no_reindex:
            reindex = threading.Thread(
                target=self.reindex_halfway, args=(self.args.minutes * 30,), daemon=True
            )
            reindex.start()
        self.load_started_utc = datetime.now(UTC).replace(tzinfo=None)
        self.results["meta"]["loadavg_start"] = loadavg()
        started = time.perf_counter()
        self.results["locust_exit"] = self.run_locust(accounts_path, writes_path)
        self.results["meta"]["load_seconds"] = round(time.perf_counter() - started)
        self.results["meta"]["loadavg_end"] = loadavg()
        if reindex is not None:
            reindex.join()
        memory.stop()
        freshness.finish()
        writes = (
            [json.loads(line) for line in writes_path.read_text().splitlines()]
            if writes_path.exists()
            else []
        )
        self.results["http"] = self.http_results()
        self.results["writes"] = self.lost_writes(app, writes)
        self.results["freshness"] = freshness.summary()
        self.results["memory"] = {
            "interval_s": self.args.memory_interval,
            "window_s": min(60.0, self.args.minutes * 60 / 4),
            "roles": memory.summary(min(60.0, self.args.minutes * 60 / 4)),
            "samples": memory.samples,
        }

    def execute(self) -> dict[str, Any]:
        args = self.args
        meta = self.results["meta"]
        meta.update(machine())
        meta.pop("wrk", None)
        meta.update(
            date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            sizes={"profiles": args.profiles, "open_jobs": args.jobs,
                   "applications": args.applications, "organizations": args.orgs},
            users=args.users,
            minutes=args.minutes,
            gunicorn_workers=args.workers,
            uptime=uptime(),
            command="python -m bench.loadtest " + " ".join(sys.argv[1:]),
        )  # fmt: skip
        log(f"temporary folder {self.tmp}")
        self.start_engine()
        database_url = self.database_url()
        meta["database"] = sa.make_url(database_url).get_backend_name()
        self.environment(database_url)
        app = self.app = self.make_app()
        self.seed(app)
        log("indexing: flask search reindex")
        counts, seconds, _ = indexing.portal_reindex(app, 5000)
        log(f"indexing: {sum(counts.values()):,} documents in {seconds:.1f}s")
        self.start_servers()
        self.load_test(app)
        self.results["problems"] = verdicts(self.results)
        return self.results


def uptime() -> str:
    done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)  # noqa: S607
    return done.stdout.strip()


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def verdicts(results: dict[str, Any]) -> list[str]:
    """What failed; empty when every check passed."""
    out = []
    total = results["http"]["total"] or {"failures": 0, "requests": 0}
    if total["failures"]:
        out.append(f"{total['failures']} HTTP errors or unexpected answers")
    if not total["requests"]:
        out.append("locust sent no request")
    writes = results["writes"]
    for kind in ("applications", "profile_edits", "stage_moves"):
        if writes[f"{kind}_lost"]:
            out.append(f"{writes[f'{kind}_lost']} {kind.replace('_', ' ')} lost")
    if results.get("reindex", {}).get("exit_code", 0):
        out.append("the reindex failed")
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = LoadRun(args)
    try:
        results = run.execute()
    except BaseException:
        args.keep = True
        for server in run.servers:
            log(f"--- last lines of {server.log_path}:\n{server.log_tail(60)}")
        raise
    finally:
        run.cleanup()
    table = report.write(args.output, results)
    print(table)
    raw = RAW if args.output == DOCS else args.output.with_suffix(".json")
    raw.write_text(json.dumps(results, indent=2, default=str) + "\n")
    log(f"results written to {args.output} (raw figures: {raw})")
    for problem in results["problems"]:
        log(f"FAILED: {problem}")
    return 1 if results["problems"] else 0
