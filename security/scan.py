"""`make security`, second half: sqlmap against a running portal on 127.0.0.1 with demo data.

What it does, in a temporary folder (your `instance/` is not touched):

1. starts a Meilisearch server and loads the demo data into a fresh database (SQLite by default;
   `--database-url postgresql+psycopg://…` for an empty PostgreSQL database);
2. starts the web server as in production (gunicorn, two workers) on a free loopback port,
   with rate limits off so the scanner is not locked out half-way;
3. logs in as a seeker, an employer and an administrator (the demo accounts);
4. runs sqlmap (Debian's package) on every query-string and form parameter of the pages that
   reach the database with what a person typed (TARGETS), as the role that may open them;
5. prints one line per target and a total, and exits 1 when sqlmap reports an injection.

Results and method: docs/SECURITY.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from portal.search.server import MeiliProcess, find_binary, free_port, is_healthy

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "coding is my calling"  # noqa: S105 - the demo accounts' documented password
ACCOUNTS = {
    "seeker": "priya.nair@example.in",
    "employer": "recruiter@mercyvalley.example",
    "admin": "admin@codermatch.example",
}


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    role: str | None = None  # None: anonymous
    form: str | None = None  # POST body; its csrf_token is refreshed from `path` on each request


TARGETS = [
    Target("job search", "/jobs?q=coder&mode=remote&type=full_time&sort=newest&page=1"),
    Target("job search near a place", "/jobs?near=Austin&radius=50&credential=CPC"),
    Target("job feed", "/jobs/feed.xml?q=coder&mode=remote"),
    Target("log-in form", "/auth/login", form="email=someone%40example.com&password=guess1234"),
    Target("password reset form", "/auth/forgot-password", form="email=someone%40example.com"),
    Target("jobs for you", "/jobs/for-you?page=1", role="seeker"),
    Target("save a search", "/alerts/new?kind=jobs&query=q%3Dcpc", role="seeker"),
    Target("candidate search", "/candidates?q=cpc&credential=CPC&mode=remote", role="employer"),
    Target("applicants", "/employer/applicants?stage=applied&sort=newest", role="employer"),
    Target("admin users", "/admin/users?q=priya&role=seeker", role="admin"),
    Target("audit log", "/admin/audit?action=login&actor=admin&since=2026-01-01", role="admin"),
]


def _env(work: Path, database_url: str, meili: MeiliProcess, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK_APP": "wsgi",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "security-scan-" + "s" * 40,
        "SERVER_URL": f"http://127.0.0.1:{port}",
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_API_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": "scan_",
        "UPLOAD_FOLDER": str(work / "uploads"),
        "RATELIMIT_ENABLED": "false",
        "DEMO_DATA": "true",
        "PORTAL_PORT": str(port),
    }


def _wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"The portal did not answer on {url}")


def _csrf(opener, url: str) -> str:
    with opener.open(url, timeout=10) as response:
        html = response.read().decode()
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    if not found:
        raise SystemExit(f"No CSRF token on {url}")
    return found.group(1)


def log_in(base: str, email: str) -> str:
    """Log in through the form; the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    token = _csrf(opener, f"{base}/auth/login")
    body = urllib.parse.urlencode(
        {"csrf_token": token, "email": email, "password": DEMO_PASSWORD}
    ).encode()
    opener.open(f"{base}/auth/login", data=body, timeout=10).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    with opener.open(f"{base}/dashboard", timeout=10) as response:
        if "/auth/login" in response.url:
            raise SystemExit(f"Could not log in as {email}")
    return cookies


@dataclass
class Outcome:
    target: Target
    requests: int
    injectable: bool
    seconds: float
    summary: str


def run_sqlmap(base: str, target: Target, cookie: str | None, work: Path, level: int) -> Outcome:
    out = work / "sqlmap" / re.sub(r"\W+", "-", target.name)
    out.mkdir(parents=True, exist_ok=True)
    traffic = out / "traffic.txt"
    command = [
        "sqlmap",
        "-u",
        base + target.path,
        "--batch",
        f"--level={level}",
        "--risk=1",
        "--time-sec=2",
        "--flush-session",
        "--disable-coloring",
        f"--output-dir={out}",
        "-t",
        str(traffic),
    ]
    if cookie:
        command.append(f"--cookie={cookie}")
    if target.form:
        # A fresh CSRF token before each request (sqlmap allows no threads with it).
        command += [
            f"--data=csrf_token=x&{target.form}",
            "--csrf-token=csrf_token",
            f"--csrf-url={base}{target.path}",
        ]
    else:
        command.append("--threads=2")
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    log = result.stdout + result.stderr
    (out / "sqlmap.log").write_text(log)
    requests = (
        traffic.read_text(errors="replace").count("HTTP request [#") if traffic.exists() else 0
    )
    # sqlmap's own verdict: a heuristic "appears to be injectable" that its false-positive
    # check then rejects does not count.
    injectable = "identified the following injection point" in log
    if injectable:
        summary = "INJECTABLE (see " + str(out / "sqlmap.log") + ")"
    elif "do not appear to be injectable" in log:
        summary = "no injection found"
    else:
        tail = [line for line in log.splitlines() if "[CRITICAL]" in line or "[ERROR]" in line]
        summary = (tail[-1] if tail else "finished") + f" (log: {out / 'sqlmap.log'})"
    return Outcome(target, requests, injectable, seconds, summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an EMPTY database to load the demo data into")
    parser.add_argument("--level", type=int, default=2, help="sqlmap --level (1-5)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and its logs")
    parser.add_argument("--only", help="run only targets whose name contains one of a,b,…")
    args = parser.parse_args(argv)
    if shutil.which("sqlmap") is None:
        raise SystemExit("sqlmap is not installed: apt-get install sqlmap (make security does)")
    binary = find_binary()
    if binary is None:
        raise SystemExit("Meilisearch binary not found: run make install")

    work = Path(tempfile.mkdtemp(prefix="codermatch-security-"))
    database_url = args.database_url or f"sqlite:///{work / 'portal.sqlite3'}"
    meili = MeiliProcess(binary, work / "meili", "security-scan-master-key-0123456789").start()
    port = free_port()
    env = _env(work, database_url, meili, port)
    web = None
    try:
        subprocess.run([BIN / "flask", "setup-local"], cwd=PROJECT, env=env, check=True)
        subprocess.run(
            [BIN / "flask", "search", "worker", "--once"], cwd=PROJECT, env=env, check=True
        )
        web = subprocess.Popen(
            [BIN / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(work / "gunicorn.log").open("w"),
        )
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base)
        cookies = {role: log_in(base, email) for role, email in ACCOUNTS.items()}
        outcomes = []
        wanted = [w for w in (args.only or "").split(",") if w]
        for target in [t for t in TARGETS if not wanted or any(w in t.name for w in wanted)]:
            cookie = cookies.get(target.role) if target.role else None
            outcome = run_sqlmap(base, target, cookie, work, args.level)
            outcomes.append(outcome)
            print(
                f"{target.name:<26} {target.role or 'anonymous':<9} {outcome.requests:>6} requests "
                f"{outcome.seconds:>6.0f} s  {outcome.summary}",
                flush=True,
            )
        total = sum(o.requests for o in outcomes)
        found = [o for o in outcomes if o.injectable]
        version = subprocess.run(["sqlmap", "--version"], capture_output=True, text=True)
        print(
            f"sqlmap {version.stdout.splitlines()[0]} level {args.level}: {len(outcomes)} targets, "
            f"{total} requests, {len(found)} injectable; database {database_url.split(':', 1)[0]}"
        )
        return 1 if found else 0
    finally:
        if web is not None:
            web.terminate()
            web.wait(timeout=20)
        meili.stop()
        if args.keep:
            print(f"Logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        if is_healthy(meili.url, timeout=0.2):
            print("warning: the scan's Meilisearch is still running", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
