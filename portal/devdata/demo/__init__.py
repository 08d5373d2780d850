"""Demo data for a local run (`flask setup-local`, the first step of `make run`): a handful of
people and organizations that look real. Everything is created through the same services the
pages use, so the demo shows the product as it behaves; no Faker needed.

Each part in its module: `people` (accounts, seekers' profiles, the school), `employers` (their
organizations, verified on evidence, posting the jobs of `jobs`), `applications` (stages, a
message thread, an invitation, a saved search), `activity` (weeks of history for the charts)
and `schools` (a cohort of graduates).
"""

from __future__ import annotations

from portal.devdata.demo.activity import demo_activity
from portal.devdata.demo.applications import demo_applications
from portal.devdata.demo.employers import demo_jobs
from portal.devdata.demo.people import DEMO_PASSWORD, DEMO_USERS, demo_profiles, demo_users
from portal.devdata.demo.schools import demo_school_cohorts
from portal.extensions import db

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "load_demo_data"]


def load_demo_data() -> None:
    users = demo_users()
    demo_profiles(users)
    demo_jobs(users)
    demo_applications(users)
    demo_activity(users)
    demo_school_cohorts(users)
    db.session.commit()
