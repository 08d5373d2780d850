"""A few weeks of history for the demo (see `portal.devdata.demo`): the demo applications were
all made a moment ago, so the dashboards' charts would show a single week. Their stage changes
are spread over the past weeks, and the demo employers open some seekers' profiles now and
then."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Application, ProfileViewDay, User, organization_of, utcnow
from portal.services import profiles

# (seeker, employer, days ago) of each profile view.
PROFILE_VIEWS = (
    [
        ("priya.nair@example.in", "recruiter@mercyvalley.example", days)
        for days in (3, 9, 16, 17, 30, 44, 58)
    ]
    + [("priya.nair@example.in", "hr@clearclaim-bpo.example", days) for days in (1, 2, 12, 26, 40)]
    + [("linda.brooks@example.com", "recruiter@mercyvalley.example", days) for days in (5, 20, 33)]
    + [("maria.gonzalez@example.com", "talent@riyadhcare.example", days) for days in (6, 15, 50)]
)


def demo_activity(users: dict[str, User]) -> None:
    now = utcnow()
    applications = db.session.scalars(sa.select(Application).order_by(Application.id)).all()
    for n, application in enumerate(applications):
        # The first applied about seven weeks ago, the next ones a week or two later each; each
        # later step came five to nine days after the one before.
        moment = now - timedelta(days=50 - 11 * n, hours=3 * n)
        application.created_at = moment
        for step, event in enumerate(application.events):
            if step:
                moment += timedelta(days=5 + (step * 2) % 5)
            event.created_at = min(moment, now)
        application.stage_changed_at = application.events[-1].created_at
    for seeker, employer, days in PROFILE_VIEWS:
        profile = profiles.profile_of(users[seeker])
        organization = organization_of(users[employer])
        if profile is None or organization is None:
            continue
        db.session.add(
            ProfileViewDay(
                profile_id=profile.id,
                organization_id=organization.id,
                viewed_on=(now - timedelta(days=days)).date(),
            )
        )
    db.session.commit()
