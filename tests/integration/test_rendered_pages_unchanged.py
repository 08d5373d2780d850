"""The pages a search or a cache touches render byte for byte as before (issue 16).

A fixed world (fixed names, dates far from today, zones without daylight saving) is indexed and a
fixed set of pages is rendered, anonymously and signed in; each page is compared with its golden
file in tests/data/golden/, written from the code before the performance work. Only what
legitimately changes per run is normalised: CSRF tokens, CSP nonces, the per-test index prefix.

A deliberate change to a page regenerates the files in the same commit:
`GOLDEN_UPDATE=1 .venv/bin/python -m pytest -n 0 tests/integration/test_rendered_pages_unchanged.py`
(then read the diff).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from portal.extensions import db
from portal.models import Role
from tests.fixtures.factories import (
    PASSWORD,
    EmployerFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import sync_all

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"

FAR = date(2099, 6, 30)
POSTED = datetime(2026, 3, 2, 14, 0)
CLOSES = datetime(2099, 12, 31, 12, 0)
# No daylight saving in these zones: the "When" counts and shift times do not move in March.
ZONES = ["Asia/Kolkata", "America/Phoenix", "UTC"]
TITLES = [
    "Remote Outpatient Coder",
    "Inpatient DRG Coder",
    "Medical Coder, pro-fee E/M",
    "Risk Adjustment Coder",
    "Coding Auditor",
    "Emergency Department Coder",
    "Surgical Coder",
    "Coding Educator",
    "Night Shift Coder",
    "Weekend Coder, radiology",
    "Billing and Coding Specialist",
]
MODES = ["remote", "onsite", "hybrid"]
TYPES = ["full_time", "part_time", "contract"]
CREDENTIALS = [[["CPC"]], [["CCS"]], [], [["CPC", "CCS"]], [["CRC"]]]
OFFICES = [
    ("Phoenix", "US", 33.4484, -112.074),
    ("Kochi", "IN", 9.93988, 76.26022),
    ("Tucson", "US", 32.2226, -110.9747),
]


@pytest.fixture
def app_config(app_config):
    """A loaded machine must not turn a slow answer into the degraded page (2 s elsewhere)."""
    return {**app_config, "MEILI_TIMEOUT": 15}


@pytest.fixture
def world(app):
    mercy = SearchOrganizationFactory(name="Mercy Valley Hospital", slug="mercy-valley")
    lakeside = SearchOrganizationFactory(name="Lakeside Clinic", slug="lakeside", verified=False)
    jobs = []
    for i in range(26):
        flexible = i % 4 == 0
        start = (6 + 3 * (i % 6)) % 24 * 60
        jobs.append(
            SearchJobFactory(
                organization=mercy if i % 4 else lakeside,
                title=TITLES[i % len(TITLES)] + (f" {i}" if i >= len(TITLES) else ""),
                description=f"Code charts for team {i}. Audits, queries and a friendly team.",
                work_mode=MODES[i % 3],
                employment_type=TYPES[(i // 3) % 3],
                timezone=ZONES[i % 3],
                schedule_flexible=flexible,
                shift_windows=[] if flexible else [[d, start, start + 480] for d in range(5)],
                required_credentials=CREDENTIALS[i % len(CREDENTIALS)],
                specialties=[["outpatient_facility"], ["inpatient_facility"], []][i % 3],
                hours_min=20 + 5 * (i % 4),
                hours_max=40,
                pay_min=Decimal(20 + i),
                pay_max=Decimal(30 + i),
                pay_currency="USD",
                pay_period="hour",
                applicant_countries=["US"] if i % 2 else [],
                offices=[] if MODES[i % 3] == "remote" else [OFFICES[i % 3]],
                published_at=POSTED.replace(day=2 + i % 20, hour=i % 24),
                expires_at=CLOSES,
            )
        )
    seekers = []
    for i in range(12):
        seekers.append(
            SearchProfileFactory(
                name=f"Seeker Number{i}",
                email=f"seeker{i}@golden.example",
                headline=["Certified coder", "Inpatient coder", "Coding auditor"][i % 3],
                timezone=ZONES[i % 3],
                credentials=[("CPC", FAR, i % 2 == 0)] + ([("CCS", FAR, True)] if i % 3 else []),
                slots=[(d, 8 * 60, 16 * 60) for d in range(5)],
                work_modes=[MODES[i % 3]],
                anonymous=i % 2 == 0,
                # Profiles rank by their last change (in seconds): a fixed one each, or the
                # order of two made in the same second would change from run to run.
                updated_at=POSTED.replace(hour=i),
            )
        )
    for i, seeker in enumerate(seekers):
        seeker.user.timezone = ZONES[i % 3]
    employer = EmployerFactory(
        email="rita@golden.example", name="Rita Recruiter", owns=mercy, timezone="UTC"
    )
    assert employer.role == Role.EMPLOYER
    db.session.commit()
    sync_all()
    return {
        "employer": employer.email,
        "seeker": seekers[0].user.email,
        "job": jobs[3].id,
        "onsite_job": jobs[1].id,
        "lakeside_job": jobs[0].id,
    }


def normalise(html: str, app) -> str:
    html = re.sub(r'nonce="[^"]+"', 'nonce="NONCE"', html)
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1CSRF"', html)
    html = re.sub(r'(name="csrf-token" content=")[^"]+"', r'\1CSRF"', html)
    return html.replace(app.config["MEILI_INDEX_PREFIX"], "PREFIX_")


ANONYMOUS = {
    "home": "/",
    "jobs": "/jobs",
    "jobs-query": "/jobs?q=coder",
    "jobs-filters": "/jobs?q=coder&mode=remote&mode=hybrid&credential=CPC&type=full_time",
    "jobs-zero": "/jobs?q=coding+zebra&mode=onsite",
    "jobs-zero-words": "/jobs?q=xylophone",
    "jobs-page-2": "/jobs?page=2",
    "jobs-when": "/jobs?when=day&sort=newest",
    "jobs-near": "/jobs?q=coder&near=Phoenix&radius=50",
    "jobs-near-zero": "/jobs?near=Phoenix&radius=50&credential=CRC&type=part_time&mode=onsite",
    "job": "/jobs/{job}",
    "job-onsite": "/jobs/{onsite_job}",
    "job-lakeside": "/jobs/{lakeside_job}",
}
SEEKER = {
    "home": "/",
    "jobs-query": "/jobs?q=coder&mode=remote",
    "jobs-for-you": "/jobs/for-you",
    "job": "/jobs/{job}",
}
EMPLOYER = {
    "home": "/",
    "candidates": "/candidates",
    "candidates-filters": "/candidates?q=coder&credential=CPC&mode=remote&mode=hybrid",
    "candidates-zero": "/candidates?q=xylophone",
    "best-candidates": "/employer/jobs/{job}/candidates",
    "job": "/jobs/{job}",
}


def _check(app, client, who: str, pages: dict[str, str], world: dict) -> list[str]:
    differ = []
    for name, url in pages.items():
        response = client.get(url.format(**world))
        assert response.status_code == 200, (who, url, response.status_code)
        html = normalise(response.get_data(as_text=True), app)
        golden = GOLDEN / f"{who}-{name}.html"
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(html, encoding="utf-8")
        elif (expected := golden.read_text(encoding="utf-8")) != html:
            first = next(
                (i for i, (a, b) in enumerate(zip(expected, html, strict=False)) if a != b),
                min(len(expected), len(html)),
            )
            differ.append(f"{who}-{name} ({url}) at {first}: {html[first - 80 : first + 80]!r}")
    return differ


def test_pages_render_as_their_golden_files(app, client, auth, world):
    differ = _check(app, client, "anonymous", ANONYMOUS, world)
    assert auth.login(world["seeker"], PASSWORD).status_code == 302
    differ += _check(app, client, "seeker", SEEKER, world)
    auth.logout()
    assert auth.login(world["employer"], PASSWORD).status_code == 302
    differ += _check(app, client, "employer", EMPLOYER, world)
    assert not differ, (
        "pages differ from tests/data/golden (diff them; regenerate with GOLDEN_UPDATE=1 only "
        f"for a deliberate change): {differ}"
    )
