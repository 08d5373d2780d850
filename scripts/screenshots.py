"""`make screenshots`: the main pages with demo data, at 1280 px (desktop) and 375 px (phone),
into docs/screenshots/<page>-<size>.png.

A throw-away portal: a SQLite database and a Meilisearch server in a temporary folder, the demo
data indexed, the app served on a free port, and Debian's Chromium driven by Playwright, logged
in through the login form as the demo people would.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.devdata.demo import load_demo_data
from portal.extensions import db
from portal.search import sync
from portal.search.server import MeiliProcess, find_binary, free_port

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "coding is my calling"  # the demo accounts' password (README)
SIZES = {"desktop": (1280, 900), "phone": (375, 812)}
DASHBOARD_HEIGHT = 2000  # px: enough for the charts, small files
# (file name, who is logged in or None, path or callable finding it)
PAGES = [
    ("home", None, "/"),
    ("job-search", None, "/jobs?q=coder"),
    ("job", None, "first-job"),
    ("help", None, "/help"),
    ("seeker-dashboard", "priya.nair@example.in", "/dashboard"),
    ("sign-up", None, "/auth/signup"),
    ("employer-dashboard", "recruiter@mercyvalley.example", "/dashboard"),
    ("employer-applicants", "recruiter@mercyvalley.example", "/employer/applicants"),
]


def serve(tmp: Path, meili: MeiliProcess):
    port = free_port()
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp / "instance"),
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'portal.sqlite3'}",
            "SERVER_URL": f"http://127.0.0.1:{port}",
            "MEILI_URL": meili.url,
            "MEILI_EXTERNAL": True,
            "MEILI_MASTER_KEY": meili.master_key,
            "MEILI_INDEX_PREFIX": "shots_",
            "RATELIMIT_ENABLED": False,
            "MAIL_URL": "",
            "UPLOAD_FOLDER": str(tmp / "uploads"),
        }
    )
    with app.app_context():
        db.create_all()
        load_demo_data()
        sync.ensure_indexes()
        sync.drain()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")


def shoot(browser, base_url: str) -> list[Path]:
    written = []
    for size, (width, height) in SIZES.items():
        for name, who, path in PAGES:
            context = browser.new_context(
                base_url=base_url, viewport={"width": width, "height": height}
            )
            page = context.new_page()
            if who:
                log_in(page, who)
            if path == "first-job":
                page.goto("/jobs")
                page.locator(".job-card h3 a").first.click()
                page.wait_for_load_state()
            else:
                page.goto(path)
            target = OUT / f"{name}-{size}.png"
            # Dashboards down to their charts; other pages as the screen first shows them.
            if "dashboard" in name:
                tall = page.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": width, "height": min(tall, DASHBOARD_HEIGHT)}
                page.screenshot(path=str(target), full_page=True, clip=clip)
            else:
                page.screenshot(path=str(target))
            written.append(target)
            context.close()
    return written


def main() -> int:
    binary = find_binary(os.environ.get("MEILI_BIN"))
    if binary is None:
        print("Meilisearch not found: run `make install`.", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        meili = MeiliProcess(binary, tmp / "meili", secrets.token_urlsafe(24)).start()
        try:
            server = serve(tmp, meili)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox"]
                )
                for path in shoot(browser, f"http://127.0.0.1:{server.server_port}"):
                    print(
                        f"{path.relative_to(OUT.parent.parent)}  {path.stat().st_size // 1024} KB"
                    )
                browser.close()
            server.shutdown()
        finally:
            meili.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
