"""Activity over time for the dashboards' charts: how often employers opened a seeker's
profile and how many applications the seeker sent, and how many of an organization's
applicants stood at each stage at the end of each week.

Weeks run Monday to Sunday (UTC) and the last one is the current, unfinished week.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from portal.charts import Series
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationEvent,
    Organization,
    Profile,
    ProfileViewDay,
    Stage,
    User,
    organization_of,
    utcnow,
)
from portal.models.application import CLOSED_STAGES, PIPELINE

WEEKS = 12
OPEN_STAGES: tuple[Stage, ...] = tuple(s for s in PIPELINE if s not in CLOSED_STAGES)


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _week_index(starts: list[date], day: date) -> int | None:
    index = (day - starts[0]).days // 7
    return index if 0 <= index < len(starts) else None


def record_profile_view(viewer: User, profile: Profile) -> None:
    """An employer opened the profile (page or comparison): counted once per organization and
    day. Anyone else opening it (the owner, a school, an administrator) is not counted."""
    organization = (
        organization_of(viewer) if viewer.is_authenticated and viewer.is_employer else None
    )
    if organization is None or profile.user_id == viewer.id:
        return
    today = utcnow().date()
    seen = sa.select(ProfileViewDay.id).where(
        ProfileViewDay.profile_id == profile.id,
        ProfileViewDay.organization_id == organization.id,
        ProfileViewDay.viewed_on == today,
    )
    if db.session.scalar(seen) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                ProfileViewDay(
                    profile_id=profile.id, organization_id=organization.id, viewed_on=today
                )
            )
    except sa.exc.IntegrityError:
        return  # a second tab counted it a moment ago
    db.session.commit()


def seeker_activity(user: User, profile: Profile | None, today: date | None = None) -> Series:
    """Per week: organizations that opened the profile, and applications sent."""
    starts = week_starts(today or utcnow().date())
    since = datetime.combine(starts[0], time.min)
    views = [0] * len(starts)
    if profile is not None:
        for day, count in db.session.execute(
            sa.select(ProfileViewDay.viewed_on, sa.func.count())
            .where(ProfileViewDay.profile_id == profile.id, ProfileViewDay.viewed_on >= starts[0])
            .group_by(ProfileViewDay.viewed_on)
        ):
            index = _week_index(starts, day)
            if index is not None:
                views[index] += count
    sent = [0] * len(starts)
    for (created,) in db.session.execute(
        sa.select(Application.created_at).where(
            Application.seeker_id == user.id, Application.created_at >= since
        )
    ):
        index = _week_index(starts, created.date())
        if index is not None:
            sent[index] += 1
    return Series(starts, {"views": views, "applications": sent})


def pipeline_by_week(organization: Organization, today: date | None = None) -> Series:
    """For each week, how many of the organization's applicants stood at each open stage
    (applied … offer) at its end (now, for the current week), replayed from the stage history.

    Only applications still open or changed inside the window can count in it, so the work
    grows with recent activity, not with the organization's whole history."""
    starts = week_starts(today or utcnow().date())
    window_start = datetime.combine(starts[0], time.min)
    ends = [datetime.combine(s + timedelta(days=7), time.min) for s in starts]
    relevant = sa.select(Application.id).where(
        Application.organization_id == organization.id,
        sa.or_(
            Application.stage.not_in(list(CLOSED_STAGES)),
            Application.stage_changed_at >= window_start,
        ),
    )
    events = db.session.execute(
        sa.select(
            ApplicationEvent.application_id, ApplicationEvent.to_stage, ApplicationEvent.created_at
        )
        .where(ApplicationEvent.application_id.in_(relevant))
        .order_by(ApplicationEvent.created_at, ApplicationEvent.id)
    ).all()
    counts = {stage: [0] * len(starts) for stage in OPEN_STAGES}
    stage_of: dict[int, Stage] = {}
    position = 0
    for week, end in enumerate(ends):
        while position < len(events) and events[position].created_at < end:
            application_id, to_stage, _at = events[position]
            stage_of[application_id] = to_stage
            position += 1
        tally = Counter(stage_of.values())
        for stage in OPEN_STAGES:
            counts[stage][week] = tally[stage]
    return Series(starts, {stage.value: counts[stage] for stage in OPEN_STAGES})
