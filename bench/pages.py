"""Where a page spends its time in Python: repeated requests through the test client, in one
process, against a seeded SQLite database and the bundled Meilisearch, with a pyinstrument
profile of each page (the `bench` extra).

    .venv/bin/python -m bench.pages                      # 2,000 profiles, 1,000 jobs, 200 runs
    .venv/bin/python -m bench.pages --runs 500 --profile jobs

No HTTP server and no concurrency: the figure is the portal's own cost per request (Flask,
SQLAlchemy, Jinja, the engine's answer time included), which wrk's figures in
docs/PERFORMANCE.md add the server and the load to. The machine's load average is printed with
every figure: on a shared machine, compare only figures taken in the same run. `jobs` repeats
one search, so its cards come from the process's kept cards after the first request (as wrk's
repeated body does); `jobs-new` empties them before each request, as for words or a page not
searched before.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from bench.run import CANDIDATE_SEARCH, INDEX_PREFIX, JOB_SEARCH, loadavg


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--profile", nargs="*", default=[], help="pages to profile (keys)")
    parser.add_argument("--all", action="store_true", help="profiles show library frames too")
    parser.add_argument(
        "--shell", nargs="*", default=[], help="pages whose app-shell costs to list (cProfile)"
    )
    parser.add_argument("--pages", nargs="*", default=None, help="pages to time (keys)")
    args = parser.parse_args(argv)

    from flask_migrate import upgrade

    from portal import create_app
    from portal.devdata import seed as seeding
    from portal.devdata.seed import SEED_PASSWORD
    from portal.extensions import db
    from portal.models import Job, OrganizationMember, User
    from portal.search.server import MeiliProcess, find_binary
    from portal.web import fragments

    tmp = Path(tempfile.mkdtemp(prefix="codermatch-pages-"))
    binary = find_binary()
    if binary is None:
        raise SystemExit("No Meilisearch binary: run `make install`")
    master = secrets.token_urlsafe(24)
    meili = MeiliProcess(binary, tmp / "meili", master).start()
    os.environ.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": f"sqlite:///{tmp / 'pages.sqlite3'}",
            "MEILI_URL": meili.url,
            "MEILI_MASTER_KEY": master,
            "MEILI_INDEX_PREFIX": INDEX_PREFIX,
            "UPLOAD_FOLDER": str(tmp / "uploads"),
            "DEMO_DATA": "false",
            "RATELIMIT_ENABLED": "true",
            "MAIL_URL": "",
            "PORTAL_ENV": "benchmark",
            "FLASK_DEBUG": "0",
        }
    )
    try:
        app = create_app({"INSTANCE_PATH": str(tmp / "instance"), "WTF_CSRF_ENABLED": False})
        app.config["RATELIMIT_ENABLED"] = False
        with app.app_context():
            upgrade()
            sizes = seeding.Sizes(args.profiles, args.jobs, args.profiles * 2, 50)
            seeded = seeding.seed(sizes, 1)
            job_id = db.session.scalar(
                db.select(Job.id).where(Job.public_clause()).order_by(Job.id).limit(1)
            )
            # "Best candidates" for the employer's first public job, as bench.run measures it.
            own_job = db.session.scalar(
                db.select(Job.id)
                .join(OrganizationMember, OrganizationMember.organization_id == Job.organization_id)
                .join(User, User.id == OrganizationMember.user_id)
                .where(User.email == seeded.accounts["employer"], Job.public_clause())
                .order_by(Job.id)
                .limit(1)
            )
        anonymous = app.test_client()
        employer = app.test_client()
        login = {"email": seeded.accounts["employer"], "password": SEED_PASSWORD}
        assert employer.post("/auth/login", data=login).status_code == 302
        pages = {
            "jobs": (anonymous, JOB_SEARCH),
            "candidates": (employer, CANDIDATE_SEARCH),
            "best": (employer, f"/employer/jobs/{own_job}/candidates"),
            "job": (anonymous, f"/jobs/{job_id}"),
            "home": (anonymous, "/"),
        }
        # A visitor coming back to the job page: their browser sends the tag it holds.
        tag = anonymous.get(f"/jobs/{job_id}").get_etag()[0]
        revisit = {"If-None-Match": f'"{tag}"'} if tag else {}
        pages["job-again"] = (anonymous, f"/jobs/{job_id}")
        # The job search with none of its cards kept from before (new words, another page).
        pages["jobs-new"] = (anonymous, JOB_SEARCH)
        # The framework ceiling the wrk table compares the job and home pages with, here in the
        # same process and through the same test client.
        from bench.trivial_app import app as trivial_app

        pages["trivial"] = (trivial_app.test_client(), "/")
        print(f"load average before: {loadavg()}")
        for key, (client, url) in pages.items():
            if args.pages is not None and key not in args.pages:
                continue
            headers = revisit if key == "job-again" else {}
            for _ in range(5):
                assert client.get(url, headers=headers).status_code in (200, 304), url
            times = []
            cpu_started = time.process_time()
            for _ in range(args.runs):
                if key == "jobs-new":
                    fragments.forget_job_cards()
                started = time.perf_counter()
                client.get(url, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
            # This process's CPU per request: the portal's own work, the engine's excluded, and
            # far less moved by other processes than the wall-clock figures.
            cpu = (time.process_time() - cpu_started) * 1000 / args.runs
            times.sort()
            print(
                f"{key:<10} cpu {cpu:6.2f} ms  wall mean {statistics.mean(times):6.2f}  "
                f"p50 {times[len(times) // 2]:6.2f}  p95 {times[int(len(times) * 0.95)]:6.2f}"
                f"  ({args.runs} runs, load {loadavg()})  {url}"
            )
        for key in args.profile:
            from pyinstrument import Profiler  # the `bench` extra

            client, url = pages[key]
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.runs):
                client.get(url)
            profiler.stop()
            print(f"\n--- profile: {key} {url} ({args.runs} requests)")
            print(profiler.output_text(unicode=False, color=False, show_all=args.all))
        for key in args.shell:
            shell_costs(args.runs, *pages[key])
    finally:
        meili.stop()


# The per-request work every page pays around its view: user load, limiter, language and zone,
# security headers, navigation, sessions.
SHELL = (
    "flask_limiter",
    "flask_login",
    "flask_babel",
    "flask_wtf",
    "portal/security.py",
    "portal/i18n.py",
    "portal/web/navigation.py",
    "portal/web/auth_session.py",
    "flask/sessions.py",
)


def shell_costs(runs: int, client, url: str) -> None:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats("|".join(SHELL), 25)
    print(f"\n--- app shell: {url} ({runs} requests, cumulative seconds)")
    print(out.getvalue().split("ncalls", 1)[-1][:6000])


if __name__ == "__main__":
    main()
