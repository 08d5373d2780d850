"""Dashboards' charts: drawn on the server as SVG with nothing the CSP forbids, each with a
table of the same numbers; profile views recorded once per organization and day; the stage of
each applicant replayed week by week."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Application, ApplicationEvent, ProfileViewDay, Role, Stage, utcnow
from portal.models.application import PIPELINE
from portal.services import activity
from portal.services import applications as service
from tests.fixtures.factories import JobFactory, OrganizationFactory, UserFactory
from tests.fixtures.world import applications_of, apply_via_page


def chart_parts(html: str, name: str) -> tuple[str, str]:
    """The inline SVG and the table of the chart `name` on a page."""
    start = html.index(f'id="{name}-caption"')
    svg = html[html.index("<svg", start) : html.index("</svg>", start) + 6]
    table = html[html.index(f'id="{name}-table"') : html.index("</table>", start)]
    return svg, table


def assert_csp_safe(svg: str) -> None:
    for forbidden in ("<script", "<style", "style=", "javascript:", " on"):
        assert forbidden not in svg.lower().replace("font-", ""), forbidden
    assert 'role="img"' in svg and "aria-label=" in svg
    assert " id=" not in svg  # two charts on a page would repeat them


def rows(table: str) -> dict[str, list[int]]:
    found = {}
    for label, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S):
        found[label] = [int(v) for v in re.findall(r"<td>(\d+)</td>", cells)]
    return found


def test_profile_views_are_counted_once_per_organization_and_day(world, client, auth):
    w = world
    path = f"/profile/{w.priya_profile.id}"
    auth.login(w.ana.email)
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200  # again the same day: still one
    assert (
        client.get(f"/employer/jobs/{w.job.id}/candidates/{w.priya_profile.id}").status_code == 200
    )
    auth.logout()
    auth.login(w.raj.email)  # a colleague in the same organization, same day
    client.get(path)
    auth.logout()
    auth.login(w.ben.email)  # another organization
    client.get(path)
    auth.logout()
    auth.login(w.priya.email)  # the owner herself is not a view
    client.get(path)
    auth.logout()
    views = db.session.execute(
        sa.select(ProfileViewDay.organization_id, ProfileViewDay.viewed_on)
    ).all()
    today = utcnow().date()
    assert sorted(views) == sorted([(w.org_a.id, today), (w.org_b.id, today)])
    # A hidden profile is a 404 and counts nothing.
    w.linda_profile.visibility = "hidden"
    db.session.commit()
    auth.login(w.ana.email)
    assert client.get(f"/profile/{w.linda_profile.id}").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProfileViewDay)) == 2


def test_seeker_dashboard_chart_and_table_show_views_and_applications(world, client, auth):
    w = world
    today = utcnow().date()
    for days_ago, org in ((0, w.org_a), (0, w.org_b), (8, w.org_a)):
        db.session.add(
            ProfileViewDay(
                profile_id=w.priya_profile.id,
                organization_id=org.id,
                viewed_on=today - timedelta(days=days_ago),
            )
        )
    db.session.commit()
    auth.login(w.priya.email)
    assert apply_via_page(client, w.job).status_code == 302
    html = client.get("/dashboard").get_data(as_text=True)
    svg, table = chart_parts(html, "activity")
    assert_csp_safe(svg)
    assert "Employers who opened your profile" in table and "Applications you sent" in table
    numbers = rows(table)
    assert len(numbers) == activity.WEEKS
    this_week = list(numbers.values())[-1]
    assert this_week == [2, 1]
    assert sum(v[0] for v in numbers.values()) == 3
    # The SVG draws the same series: a bar for each non-zero week of each line.
    assert svg.count('class="rect') >= 3


def moved(application: Application, when: datetime, *stages: Stage) -> None:
    """Rewrite an application's history: applied at `when`, then one stage a week."""
    application.created_at = when
    events = application.events
    events[0].created_at = when
    for n, event in enumerate(events[1:], start=1):
        event.created_at = when + timedelta(weeks=n)
    db.session.commit()


def test_pipeline_by_week_replays_each_applicants_stage(world, client, auth, app):
    w = world
    auth.login(w.priya.email)
    apply_via_page(client, w.job)
    auth.logout()
    auth.login(w.linda.email)
    # Linda misses a requirement of this job: she applies all the same, as the page lets her.
    apply_via_page(client, w.job, confirm_unmet="y")
    auth.logout()
    priya_app, linda_app = sorted(applications_of(w.job), key=lambda a: a.seeker_id != w.priya.id)
    with app.test_request_context():
        service.move(w.ana, [priya_app.id], "reviewing")
        service.move(w.ana, [priya_app.id], "interview")
        service.move(w.ana, [linda_app.id], "rejected")
    today = date(2026, 11, 25)  # a Wednesday
    monday = datetime(2026, 11, 23)
    db.session.refresh(priya_app)
    db.session.refresh(linda_app)
    moved(priya_app, monday - timedelta(weeks=3))  # applied, reviewing, interview a week apart
    moved(linda_app, monday - timedelta(weeks=1, days=-2))  # applied, rejected the week after
    series = activity.pipeline_by_week(w.org_a, today)
    assert series.weeks[-1] == date(2026, 11, 23) and len(series.weeks) == activity.WEEKS
    at = {key: values[-4:] for key, values in series.values.items()}
    assert at["applied"] == [1, 0, 1, 0]
    assert at["reviewing"] == [0, 1, 0, 0]
    assert at["interview"] == [0, 0, 1, 1]
    assert "rejected" not in at  # closed applicants are not in the open pipeline
    # Another organization sees none of it.
    assert not any(any(v) for v in activity.pipeline_by_week(w.org_b, today).values.values())


def test_pipeline_by_week_agrees_with_every_applicants_history(app):
    """Random histories over twenty weeks (some finished before the chart's window, some moving
    inside it, some closed) against a direct reading of each history at each week's end."""
    rng = random.Random(16)
    organization = OrganizationFactory()
    job = JobFactory(organization=organization)
    today = date(2026, 11, 25)
    now = datetime(2026, 11, 25, 12)
    histories: list[list[tuple[Stage, datetime]]] = []
    for _ in range(80):
        path = list(PIPELINE[: rng.randint(1, len(PIPELINE))])
        if rng.random() < 0.3:
            path.append(rng.choice([Stage.REJECTED, Stage.WITHDRAWN]))
        when = now - timedelta(days=rng.uniform(0, 140))
        history = []
        for stage in path:
            history.append((stage, when))
            when = min(when + timedelta(hours=rng.uniform(6, 400)), now)
        seeker = UserFactory(role=Role.SEEKER)
        application = Application(
            job_id=job.id,
            organization_id=organization.id,
            seeker_id=seeker.id,
            stage=path[-1],
            created_at=history[0][1],
            stage_changed_at=history[-1][1],
        )
        db.session.add(application)
        db.session.flush()
        for stage, at in history:
            db.session.add(
                ApplicationEvent(application_id=application.id, to_stage=stage, created_at=at)
            )
        histories.append(history)
    db.session.commit()
    series = activity.pipeline_by_week(organization, today)
    expected = {stage.value: [0] * activity.WEEKS for stage in activity.OPEN_STAGES}
    for week, start in enumerate(series.weeks):
        end = datetime.combine(start + timedelta(days=7), datetime.min.time())
        for history in histories:
            before = [stage for stage, at in history if at < end]
            if before and before[-1] in activity.OPEN_STAGES:
                expected[before[-1].value][week] += 1
    assert series.values == expected
    assert sum(map(sum, expected.values())) > 100  # the histories do reach the window


def test_employer_dashboard_chart_has_a_table_and_no_script(world, client, auth):
    w = world
    auth.login(w.priya.email)
    apply_via_page(client, w.job)
    auth.logout()
    auth.login(w.ana.email)
    html = client.get("/dashboard").get_data(as_text=True)
    svg, table = chart_parts(html, "pipeline")
    assert_csp_safe(svg)
    assert list(rows(table).values())[-1] == [1, 0, 0, 0, 0]  # New, Reviewing… this week
    for label in ("New", "Reviewing", "Shortlisted", "Interview", "Offer"):
        assert f">{label}</th>" in table


@pytest.mark.parametrize("highest", [0, 1, 5, 7, 13, 130])
def test_axis_steps_are_whole_numbers_covering_the_highest(highest):
    from portal.charts import _whole_steps

    steps = _whole_steps(highest)
    assert steps[0] == 0 and steps[-1] >= highest and len(steps) <= 7
    assert all(isinstance(s, int) for s in steps)
