"""Demo employers and jobs for a local run, created through the same services the pages use.

Mercy Valley Health (a US hospital), ClearClaim BPO Services (an Indian outsourcing firm in
Chennai) and Riyadh Care Medical Group are verified, on the evidence below, and established (past
the review of a new employer's first jobs); Desert Rose Clinics is not, so its job waits in the
moderation queue. Every demo seeker has at least two jobs that fit and a near miss with a clear
reason (tests/integration/test_demo_matching.py holds the demo to it). Called from
`load_demo_data` after the demo accounts exist; the jobs themselves are in `demo.jobs`.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context

from portal.devdata.demo.jobs import JOBS
from portal.models import User, utcnow
from portal.services import jobs as job_rules
from portal.services import moderation, organizations
from portal.services.verification import Evidence

ORGANIZATIONS: dict[str, dict[str, Any]] = {
    "recruiter@mercyvalley.example": {
        "name": "Mercy Valley Health",
        "kind": "hospital",
        "website": "https://www.mercyvalley.example",
        "country": "US",
        "size": "1001-5000",
        "about": "A non-profit health system of three hospitals and 40 clinics in central Ohio."
        "\n\nOur coding team of 60 works mostly from home across the United States.",
        "evidence": Evidence(
            registration_kind="us_ein",
            registration_number="31-1234567",
            website="https://www.mercyvalley.example",
            contact_name="James Carter, HR director",
            contact_detail="Called the switchboard number on the website, +1 614 555 0100",
        ),
    },
    "hr@clearclaim-bpo.example": {
        "name": "ClearClaim BPO Services",
        "kind": "bpo",
        "website": "https://clearclaim-bpo.example",
        "country": "IN",
        "size": "501-1000",
        "about": "Medical coding and revenue-cycle services for US physician groups and "
        "hospitals, from Chennai since 2011. We never charge candidates any fee.",
        "evidence": Evidence(
            registration_kind="in_gstin",
            registration_number="33AABCC1234D1ZI",
            website="https://clearclaim-bpo.example",
            contact_name="Meena Raghavan, talent lead",
            contact_detail="Video call from the office landline listed on the GST record",
        ),
    },
    "talent@riyadhcare.example": {
        "name": "Riyadh Care Medical Group",
        "kind": "hospital",
        "website": "https://riyadhcare.example",
        "country": "SA",
        "size": "501-1000",
        "about": "A 300-bed private hospital group in Riyadh and Jeddah with day-surgery centres.",
        "evidence": Evidence(
            registration_kind="gulf_cr",
            registration_country="SA",
            registration_number="1010123456",
            website="https://riyadhcare.example",
            contact_name="Khalid Al-Harbi, talent acquisition",
            contact_detail="Called the head office number listed with the commercial registration",
        ),
    },
    "hiring@desertrose.example": {
        "name": "Desert Rose Clinics",
        "kind": "clinic",
        "website": "https://desertrose.example",
        "country": "AE",
        "size": "51-200",
        "about": "Outpatient clinics in Dubai and Sharjah.",
        "evidence": None,
    },
}


def _post(user: User, spec: dict[str, Any]) -> None:
    first, *rest = job_rules.STEPS
    job = job_rules.save_step(user, None, first, spec)
    for step in rest:
        job = job_rules.save_step(user, job, step, spec)
    job_rules.publish(user, job)
    if spec.get("after") == "filled":
        job_rules.mark_filled(user, job)


def demo_jobs(users: dict[str, User]) -> None:
    """The three demo employers' organizations and their jobs."""
    if not has_request_context():  # e-mails carry absolute links built with url_for
        with current_app.test_request_context("/"):
            return demo_jobs(users)
    admin = users["admin@codermatch.example"]
    for email, details in ORGANIZATIONS.items():
        details = dict(details)
        evidence = details.pop("evidence")
        org = organizations.create_organization(users[email], details)
        if evidence is not None:
            moderation.verify_organization(admin, org, evidence)
            org.established_at = utcnow()
        for spec in JOBS[email]:
            _post(users[email], spec)
    return None
