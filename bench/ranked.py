"""`python -m bench.ranked`: the "best candidates" page with and without its stored list.

In-process (Flask test client, no HTTP), on a seeded SQLite database with the bundled
Meilisearch, for the ten jobs of the employer with the most open jobs. Three ways, alternated
job by job so machine load hits them alike:

* **computed**: the stored lists are emptied before each view, so every view retrieves from
  the engine, scores up to 200 hits from their documents' match facts, loads and scores again
  the 25 + 10 profiles it shows, and stores the list (what the first view after a change does);
* **stored**: the list is already stored, so the view reads it and loads and scores only the
  25 + 10 profiles it shows;
* statements per view, counted as `tests/integration/test_queries_per_page.py` does.

Print the median and p95 per view in ms, and the median CPU time of this process per view
(the portal's own work; the engine's is in its own process), far steadier than wall time on a
shared machine. Read with the load printed at the start and the end.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=20000)
    parser.add_argument("--jobs", type=int, default=4000)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--plain",
        action="store_true",
        help="only time repeated views (works on code without stored lists, for a before/after)",
    )
    args = parser.parse_args()

    from portal.search.server import MeiliProcess, find_binary

    tmp = Path(tempfile.mkdtemp(prefix="codermatch-ranked-"))
    binary = find_binary()
    if binary is None:
        raise SystemExit("No Meilisearch binary: run `make install`")
    master = secrets.token_urlsafe(24)
    meili = MeiliProcess(binary, tmp / "meili", master).start()
    os.environ.update(
        DATABASE_URL=f"sqlite:///{tmp / 'ranked.sqlite3'}",
        MEILI_URL=meili.url,
        MEILI_API_KEY=master,
        MEILI_INDEX_PREFIX="ranked_",
        SECRET_KEY=secrets.token_urlsafe(32),
        DEMO_DATA="false",
        RATELIMIT_ENABLED="false",
        MAIL_URL="",
        PORTAL_ENV="benchmark",
    )
    try:
        run(args, tmp)
    finally:
        meili.stop()


def run(args: argparse.Namespace, tmp: Path) -> None:
    from flask_migrate import upgrade

    from portal import create_app
    from portal.devdata.seed import SEED_PASSWORD, Sizes, seed
    from portal.extensions import db
    from portal.models import Job, OrganizationMember, User

    print(f"load at start: {os.getloadavg()}")
    app = create_app({"INSTANCE_PATH": str(tmp / "instance"), "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        seed(Sizes(args.profiles, args.jobs, 0, args.orgs), 1)
        print(f"seeded and indexed in {time.perf_counter() - started:.0f}s")
        org_id = db.session.scalar(
            sa.select(Job.organization_id)
            .where(Job.public_clause())
            .group_by(Job.organization_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        )
        jobs = list(
            db.session.scalars(
                sa.select(Job.id)
                .where(Job.organization_id == org_id, Job.public_clause())
                .order_by(Job.id)
                .limit(10)
            )
        )
        email = db.session.scalar(
            sa.select(User.email)
            .join(OrganizationMember, OrganizationMember.user_id == User.id)
            .where(OrganizationMember.organization_id == org_id)
            .limit(1)
        )
    client = app.test_client()
    assert (
        client.post("/auth/login", data={"email": email, "password": SEED_PASSWORD}).status_code
        == 302
    )

    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    cpu: dict[str, list[float]] = {}

    def view(job_id: int, name: str) -> tuple[float, int, str]:
        statements.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(f"/employer/jobs/{job_id}/candidates")
        seconds = time.perf_counter() - started
        cpu.setdefault(name, []).append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200
        return seconds * 1000, len(statements), response.get_data(as_text=True)

    def main_content(html: str) -> str:
        return html[html.index("<h1>") : html.index("</main>")]

    for job_id in jobs:  # warm per-process caches
        view(job_id, "warm-up")
    times: dict[str, list[float]] = {"plain": []} if args.plain else {"computed": [], "stored": []}
    counts: dict[str, set[int]] = {name: set() for name in times}
    for _ in range(args.rounds):
        for job_id in jobs:
            if args.plain:
                ms, n, _html = view(job_id, "plain")
                times["plain"].append(ms)
                counts["plain"].add(n)
                continue
            from portal.search import ranked

            with app.app_context():
                ranked.clear()
                db.session.commit()
            ms, n, computed = view(job_id, "computed")
            times["computed"].append(ms)
            counts["computed"].add(n)
            ms, n, stored = view(job_id, "stored")
            times["stored"].append(ms)
            counts["stored"].add(n)
            assert main_content(stored) == main_content(computed), job_id
    for name, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(
            f"{name:9} views={len(values)} median={statistics.median(values):.1f} ms "
            f"p95={p95:.1f} ms cpu={statistics.median(cpu[name]):.1f} ms "
            f"statements={sorted(counts[name])}"
        )
    print(f"load at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
