"""Times in your zone for everyone: the time-zone picker understands what people type, the
account page sets the zone pages use (recruiters default to their organization's), an office's
city gives the job's shift zone, and night shifts follow one convention on both sides."""

from __future__ import annotations

from datetime import datetime

import pytest

from portal import places
from portal.extensions import db
from portal.models import JobReport, ReportReason
from tests.fixtures.factories import JobFactory, UserFactory, admin, employer
from tests.fixtures.jobs import job, post_steps, step_data


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("IST", "Asia/Kolkata"),
        ("ist", "Asia/Kolkata"),
        ("India", "Asia/Kolkata"),
        ("ET", "America/New_York"),
        ("Eastern Standard Time", "America/New_York"),
        ("CT", "America/Chicago"),
        ("US Central", "America/Chicago"),
        ("PT", "America/Los_Angeles"),
        ("Pacific time", "America/Los_Angeles"),
        ("Gulf", "Asia/Dubai"),
        ("Arabia", "Asia/Riyadh"),
        ("Saudi Arabia", "Asia/Riyadh"),
        ("Houston", "America/Chicago"),
        ("Chicago, IL", "America/Chicago"),
        ("Mumbai", "Asia/Kolkata"),
        ("asia/kolkata", "Asia/Kolkata"),
        ("America/Phoenix", "America/Phoenix"),
        ("UTC", "UTC"),
    ],
)
def test_the_picker_understands_common_names(app, typed, zone):
    assert places.canonical_timezone(typed) == zone


@pytest.mark.parametrize(
    "typed", ["", "   ", "Mars", "United States", "Olympus Mons time", "X" * 300]
)
def test_the_picker_refuses_what_it_cannot_place(app, typed):
    assert places.canonical_timezone(typed) is None  # the US has six zones: name a city


def report_at(moment: datetime) -> None:
    db.session.add(
        JobReport(job=JobFactory(), reason=ReportReason.SPAM, details="spam", created_at=moment)
    )
    db.session.commit()


def test_admins_read_times_in_their_accounts_zone_with_the_zone_named(client, auth):
    report_at(datetime(2026, 1, 15, 4, 33))
    moderator = admin()
    auth.login(moderator.email)
    assert "4:33 am UTC" in client.get("/admin/moderation").get_data(as_text=True)
    account = client.get("/auth/account").get_data(as_text=True)
    assert "Times are shown in UTC until you choose your zone" in account
    assert 'data-suggest-zone="Use this device' in account  # timezone.js offers the browser's

    response = client.post("/auth/account/timezone", data={"tz-timezone": "PT"})
    assert response.status_code == 302
    assert db.session.get(type(moderator), moderator.id).timezone == "America/Los_Angeles"
    html = client.get("/admin/moderation").get_data(as_text=True)
    assert "14 Jan 2026, 8:33 pm Los Angeles time" in html
    assert "4:33 am UTC" not in html


def test_a_zone_nobody_knows_is_refused_next_to_the_field(client, auth):
    moderator = admin()
    auth.login(moderator.email)
    response = client.post("/auth/account/timezone", data={"tz-timezone": "Atlantis"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "We do not know the time zone “Atlantis”" in html
    assert 'value="Atlantis"' in html  # the typed value stays
    assert 'id="tz-timezone-error"' in html
    assert db.session.get(type(moderator), moderator.id).timezone is None
    response = client.post("/auth/account/timezone", data={"tz-timezone": ""})
    assert response.status_code == 400


def test_the_account_zone_needs_a_login(client):
    response = client.post("/auth/account/timezone", data={"tz-timezone": "IST"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_recruiters_take_their_organizations_zone_until_they_choose(client, auth):
    from portal.services.organizations import create_organization

    user = UserFactory(role="employer", email="hr@kerala.example", name="Hari")
    create_organization(user, {"name": "Kerala BPO", "kind": "bpo", "country": "IN"})
    assert user.timezone == "Asia/Kolkata"
    auth.login(user.email)
    account = client.get("/auth/account").get_data(as_text=True)
    assert "Times are shown in India time (Asia/Kolkata)" in account
    client.post("/auth/account/timezone", data={"tz-timezone": "Houston"})
    account = client.get("/auth/account").get_data(as_text=True)
    assert "Times are shown in Chicago time (America/Chicago)" in account

    chosen = UserFactory(role="employer", email="hr@texas.example", name="Tex")
    chosen.timezone = "America/Denver"
    create_organization(chosen, {"name": "Lone Star Coding", "kind": "hospital", "country": "US"})
    assert chosen.timezone == "America/Denver"  # a zone they chose stays


# --- the job's shift zone and night shifts -------------------------------------------------------


def onsite_schedule(city: str, region: str, **extra) -> dict:
    schedule = {
        **step_data()["schedule"],
        "work_mode": "onsite",
        "office1_city": city,
        "office1_region": region,
        "office1_country": "US",
        "timezone": "",
        **extra,
    }
    schedule.pop("applicant_us_states")
    schedule.pop("applicant_countries")
    return schedule


def test_an_office_in_houston_gives_central_time(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    assert '<option selected value="America/New_York">' in html  # chosen by post_steps
    response = client.post(
        f"/employer/jobs/{job_id}/edit/schedule", data=onsite_schedule("Houston", "TX")
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert job(job_id).timezone == "America/Chicago"
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    assert '<option selected value="">Automatic' in html  # still following the office

    # A zone chosen on purpose stays, whatever the office.
    response = client.post(
        f"/employer/jobs/{job_id}/edit/schedule",
        data=onsite_schedule("Houston", "TX", timezone="America/Denver"),
    )
    assert response.status_code == 302
    assert job(job_id).timezone == "America/Denver"
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    assert '<option selected value="America/Denver">' in html


def night(**extra) -> dict:
    return {**step_data()["schedule"], "shift1_start": "21:00", "shift1_end": "01:00", **extra}


def test_a_night_shift_needs_ends_the_next_day_ticked_like_seekers_do(client, auth):
    user, _org = employer()
    auth.login(user.email)
    job_id = post_steps(client)
    response = client.post(f"/employer/jobs/{job_id}/edit/schedule", data=night())
    html = response.get_data(as_text=True)
    assert (
        "Shift 1: the end is earlier than the start. Tick &#34;Ends the next day&#34; for a "
        "night shift, or correct the time." in html
    )
    assert 'value="21:00"' in html  # the employer's values stay
    assert job(job_id).shift_windows[0] == [0, 9 * 60, 17 * 60 + 30]  # nothing saved

    response = client.post(
        f"/employer/jobs/{job_id}/edit/schedule", data=night(shift1_next_day="y")
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert job(job_id).shift_windows[0] == [0, 21 * 60, 60]
    html = client.get(f"/employer/jobs/{job_id}/edit/schedule").get_data(as_text=True)
    assert '<input checked id="shift1_next_day" name="shift1_next_day"' in html
    preview = client.get(f"/employer/jobs/{job_id}/preview").get_data(as_text=True)
    assert "9:00 pm – 1:00 am (next day)" in preview

    response = client.post(
        f"/employer/jobs/{job_id}/edit/schedule",
        data={**step_data()["schedule"], "shift1_next_day": "y"},  # 09:00-17:30, ticked
    )
    assert "longer than a day" in response.get_data(as_text=True)


def test_seekers_type_an_abbreviation_and_get_the_zone(client, auth):
    from portal.services.profiles import profile_of
    from tests.fixtures.forms import availability_data, basics_data

    user = UserFactory(role="seeker", email="asha@example.in", name="Asha Menon")
    auth.login("asha@example.in")
    client.post("/profile/basics", data=basics_data())
    page = client.get("/profile/availability").get_data(as_text=True)
    assert 'data-suggest-zone="Use this device' in page and "js/timezone.js" in page
    response = client.post("/profile/availability", data=availability_data(timezone="IST"))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert profile_of(user).timezone == "Asia/Kolkata"
    assert db.session.get(type(user), user.id).timezone == "Asia/Kolkata"
