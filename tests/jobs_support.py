"""Helpers for the job, organization and moderation tests: an employer with an organization, and
the posting steps filled in the way a person fills the forms."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Job, Role, utcnow
from tests.factories import OrganizationFactory, UserFactory


def employer(email: str = "recruiter@valley.example", verified: bool = True, **org: Any):
    """An employer account that owns an organization (verified unless told otherwise)."""
    user = UserFactory(email=email, role=Role.EMPLOYER, name="Rita Recruiter")
    organization = OrganizationFactory(
        owner=user, verified_at=utcnow() if verified else None, **org
    )
    return user, organization


def admin(email: str = "admin@example.com"):
    return UserFactory(email=email, role=Role.ADMIN, name="Ada Admin")


def step_data(**overrides: Any) -> dict[str, dict[str, Any]]:
    """Form data for each step: a remote CPC job, US day shift, $28–34 an hour."""
    closing = (utcnow() + timedelta(days=30)).date().isoformat()
    data = {
        "basics": {
            "title": "Remote CPC coder, pro-fee E/M",
            "role_type": "coder",
            "employment_type": "full_time",
            "openings": "2",
            "description": (
                "Code **physician office visits** (E/M) for a multi-specialty group.\n\n"
                "- Work from home\n- Weekday day shift\n"
            ),
        },
        "requirements": {
            "required_credentials": "CPC",
            "preferred_credentials": ["CRC"],
            "specialties": ["pro_fee_em"],
            "code_sets": ["icd10cm", "cpt"],
            "systems": ["epic"],
            "min_years": "2",
        },
        "schedule": {
            "work_mode": "remote",
            "applicant_countries": ["US"],
            "applicant_us_states": ["TX", "FL"],
            "timezone": "America/New_York",
            "schedule": "fixed",
            "shift1_days": ["0", "1", "2", "3", "4"],
            "shift1_start": "09:00",
            "shift1_end": "17:30",
        },
        "pay": {
            "pay_min": "28",
            "pay_max": "34",
            "pay_currency": "USD",
            "pay_period": "hour",
            "charts_per_day": "120",
            "qa_accuracy": "95",
            "equipment": "provided",
            "onsite_training_weeks": "",
            "no_dependent_care": "y",
        },
        "apply": {
            "question1_text": "Do you hold an active CPC?",
            "question1_must_be_yes": "y",
            "apply_method": "portal",
            "apply_url": "",
            "expires_on": closing,
        },
    }
    for step, values in overrides.items():
        data[step] = {**data[step], **values}
    return data


def post_steps(client, **overrides: Any) -> int:
    """Fill every step as the employer; returns the new job's id (not yet published)."""
    data = step_data(**overrides)
    response = client.post("/employer/jobs/new", data=data["basics"])
    assert response.status_code == 302, response.get_data(as_text=True)
    job_id = int(re.search(r"/employer/jobs/(\d+)/", response.headers["Location"]).group(1))
    for step in ("requirements", "schedule", "pay", "apply"):
        response = client.post(f"/employer/jobs/{job_id}/edit/{step}", data=data[step])
        assert response.status_code == 302, (step, response.get_data(as_text=True))
    return job_id


def publish(client, job_id: int):
    return client.post(f"/employer/jobs/{job_id}/publish")


def job(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


class _ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def json_ld(html: str) -> list[dict[str, Any]]:
    """Every JSON-LD block of a page, parsed as a search engine would."""
    collector = _ScriptCollector()
    collector.feed(html)
    return [json.loads(block) for block in collector.blocks]
