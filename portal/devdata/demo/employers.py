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


def _inputs(spec: dict[str, Any]) -> job_rules.JobInput:
    """A demo job's values as the typed inputs the posting steps take, as the forms build them."""
    return job_rules.JobInput(
        basics=job_rules.BasicsInput(
            title=spec["title"],
            role_type=spec["role_type"],
            employment_type=spec["employment_type"],
            openings=spec["openings"],
            description=spec["description"],
        ),
        requirements=job_rules.RequirementsInput(
            required_credentials=job_rules.format_credential_groups(spec["required_credentials"]),
            preferred_credentials=spec["preferred_credentials"],
            specialties=spec["specialties"],
            code_sets=spec["code_sets"],
            systems=spec["systems"],
            min_years=spec["min_years"],
            new_graduates_welcome=spec["new_graduates_welcome"],
            training_provided=spec["training_provided"],
        ),
        schedule=job_rules.ScheduleInput(
            work_mode=spec["work_mode"],
            offices=[job_rules.OfficeInput(**office) for office in spec["offices"]],
            applicant_countries=spec["applicant_countries"],
            applicant_regions=spec["applicant_regions"],
            timezone=spec["timezone"],
            schedule_flexible=spec["schedule_flexible"],
            shift_patterns=[job_rules.ShiftInput(**shift) for shift in spec["shift_patterns"]],
            accepts_part_time=spec["accepts_part_time"],
            hours_min=spec["hours_min"],
            hours_max=spec["hours_max"],
        ),
        pay=job_rules.PayInput(
            pay_min=spec["pay_min"],
            pay_max=spec["pay_max"],
            pay_currency=spec["pay_currency"],
            pay_period=spec["pay_period"],
            charts_per_day=spec["charts_per_day"],
            qa_accuracy=spec["qa_accuracy"],
            equipment=spec["equipment"] or "",
            onsite_training_weeks=spec["onsite_training_weeks"],
            no_dependent_care=spec["no_dependent_care"],
        ),
        apply=job_rules.ApplyInput(
            questions=[job_rules.QuestionInput(**question) for question in spec["questions"]],
            apply_method=spec["apply_method"],
            apply_url=spec["apply_url"] or "",
            expires_on=spec["expires_on"],
        ),
    )


def _post(user: User, spec: dict[str, Any]) -> None:
    first, *rest = _inputs(spec).steps()
    job = job_rules.save_step(user, None, first)
    for data in rest:
        job = job_rules.save_step(user, job, data)
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
