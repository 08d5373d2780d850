"""Coder profiles as seekers fill them in: the four steps, check your answers, bad input kept and
explained, nothing half-saved, credential expiry, the completeness meter, and the search outbox."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.matching import HeldCredential, TimeRange
from portal.models import AvailabilitySlot, Credential, Profile, SearchOutbox
from portal.services import profiles
from tests.fixtures.factories import CredentialFactory, ProfileFactory, UserFactory
from tests.fixtures.forms import availability_data, basics_data


@pytest.fixture
def seeker(auth):
    user = UserFactory(role="seeker", email="asha@example.in", name="Asha Menon")
    auth.login("asha@example.in")
    return user


def pay_data(**overrides):
    data = {
        "pay_min": "25000",
        "pay_max": "35000",
        "currency": "INR",
        "pay_period": "month",
        "open_to_work": "yes",
        "visibility": "employers",
        "anonymous": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def credential_data(**overrides):
    data = {
        "kind": "CPC",
        "number": "01234567",
        "issued_on": "2022-03-01",
        "expires_on": (date.today() + timedelta(days=400)).isoformat(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def profile_of(user) -> Profile | None:
    return db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))


def text(response) -> str:
    return response.get_data(as_text=True)


# The whole journey --------------------------------------------------------------------------


def test_seeker_fills_in_every_step_and_checks_the_answers(client, seeker):
    start = client.get("/profile/")
    assert "Build your profile" in text(start)

    page = client.get("/profile/basics")
    assert "Step 1 of 4" in text(page)
    response = client.post("/profile/basics", data=basics_data())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile/credentials")

    profile = profile_of(seeker)
    assert profile.region == "KL"
    assert (round(profile.lat, 2), round(profile.lng, 2)) == (9.94, 76.26)
    assert profile.timezone == "Asia/Kolkata"  # suggested from the city

    response = client.post("/profile/credentials", data=credential_data())
    assert response.status_code == 302
    assert "CPC" in text(client.get("/profile/credentials"))
    response = client.post("/profile/credentials/continue")
    assert response.headers["Location"].endswith("/profile/availability")

    page = client.get("/profile/availability")
    assert 'value="Asia/Kolkata"' in text(page)
    response = client.post(
        "/profile/availability",
        data=availability_data(d5_0_from="10:00", d5_0_to="12:00"),
    )
    assert response.status_code == 302, text(response)
    assert response.headers["Location"].endswith("/profile/pay")

    response = client.post("/profile/pay", data=pay_data())
    assert response.headers["Location"].endswith("/profile/check")

    db.session.expire_all()
    profile = profile_of(seeker)
    slots = [(s.day, s.start_minute, s.end_minute) for s in profile.availability]
    assert slots == [(d, 540, 780) for d in range(5)] + [(5, 600, 720)]
    assert profile.pay_min == Decimal("25000") and profile.currency == "INR"
    assert profile.steps_done == ["basics", "credentials", "availability", "pay"]
    assert profile.anonymous and profile.open_to_work

    check = text(client.get("/profile/check"))
    assert "Check your answers" in check
    assert "Mon–Fri 9:00 am – 1:00 pm" in check
    assert "Sat 10:00 am – 12:00 pm" in check
    assert "₹25,000–₹35,000 a month" in check
    assert "/profile/availability?next=check" in check

    overview = text(client.get("/profile/"))
    assert "Your profile is 95% complete" in overview
    assert "Upload your résumé" in overview
    # The dashboard shows the same meter.
    assert "Your profile is 95% complete" in text(client.get("/dashboard"))


def test_change_link_returns_to_check_answers(client, seeker):
    ProfileFactory(user=seeker)
    response = client.post("/profile/basics?next=check", data=basics_data(headline="New headline"))
    assert response.headers["Location"].endswith("/profile/check")
    assert profile_of(seeker).headline == "New headline"


def test_saved_answers_come_back_when_the_seeker_returns(client, seeker):
    client.post("/profile/basics", data=basics_data())
    client.post(
        "/profile/availability",
        data=availability_data(weekday_from="19:30", weekday_to="04:30", weekday_next_day="y"),
    )
    page = text(client.get("/profile/availability"))
    assert 'name="weekday_from" type="time" value="19:30"' in page
    assert 'name="weekday_to" type="time" value="04:30"' in page
    assert '<input checked id="weekday_next_day" name="weekday_next_day"' in page
    basics = text(client.get("/profile/basics"))
    assert 'value="CPC coder, 4 years in outpatient clinics"' in basics
    # "Continue" on the profile page resumes at the first step not yet saved.
    assert 'href="/profile/credentials">Continue' in text(client.get("/profile/"))


def test_night_hours_for_a_us_client_are_one_overnight_range_per_day(client, seeker):
    client.post("/profile/basics", data=basics_data())
    response = client.post(
        "/profile/availability",
        data=availability_data(
            weekday_from="19:30", weekday_to="04:30", weekday_next_day="y", hours_max="45"
        ),
    )
    assert response.status_code == 302
    profile = profile_of(seeker)
    assert [(s.day, s.start_minute, s.end_minute) for s in profile.availability][0] == (
        0,
        1170,
        270,
    )
    facts = profile.facts()
    assert facts.availability[0] == TimeRange(0, 1170, 270)
    assert facts.timezone == "Asia/Kolkata"


def test_until_midnight_needs_no_next_day_tick(client, seeker):
    client.post("/profile/basics", data=basics_data())
    response = client.post(
        "/profile/availability", data=availability_data(weekday_from="18:00", weekday_to="00:00")
    )
    assert response.status_code == 302
    assert profile_of(seeker).availability[0].end_minute == 1440


# Bad input: a clear message next to the field, values kept ----------------------------------------

BAD_BASICS = [
    ({"headline": ""}, "headline", "Enter a short headline."),
    ({"role_types": None}, "role_types", "Choose at least one kind of work."),
    ({"role_types": ["coder", "astronaut"]}, "role_types", "Choose only from the list."),
    ({"years_experience": "five"}, "years_experience", "Enter a whole number, like 5."),
    ({"years_experience": "-2"}, "years_experience", "Enter a number of years from 0 to 60."),
    ({"country": ""}, "country", "Choose the country you live in."),
    ({"country": "XX"}, "country", "Choose the country you live in."),
    ({"country": "US", "region": "Narnia"}, "region", "Enter a state of United States"),
    ({"phone": "call me"}, "phone", "Enter a phone number like +91 98470 12345."),
    ({"school_id": "999"}, "school_id", "Choose your school from the list."),
    ({"career_break": "y"}, "career_break_years", "Enter how many years you were away from work."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_BASICS)
def test_bad_basics_are_explained_and_kept(client, seeker, changes, field, message):
    response = client.post("/profile/basics", data=basics_data(**changes))
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert f'href="#{field}"' in page
    assert message in page
    assert f'id="{field}-error"' in page
    # What was typed elsewhere is still there.
    assert 'value="CPC coder, 4 years in outpatient clinics"' in page or field == "headline"
    assert profile_of(seeker) is None  # nothing half-saved


BAD_CREDENTIALS = [
    ({"kind": ""}, "kind", "Choose a credential from the list."),
    ({"kind": "CPX"}, "kind", "Choose a credential from the list."),
    ({"kind": "OTHER"}, "other_name", "Enter the name of the credential."),
    (
        {"issued_on": "2024-05-01", "expires_on": "2024-01-01"},
        "expires_on",
        "Enter an expiry date after the issue date.",
    ),
    ({"issued_on": "31/02/2024"}, "issued_on", "Enter a real date, like 2027-03-31."),
    ({"issued_on": "2999-01-01"}, "issued_on", "Enter a date that is today or in the past."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_CREDENTIALS)
def test_bad_credentials_are_explained_and_kept(client, seeker, changes, field, message):
    response = client.post("/profile/credentials", data=credential_data(**changes))
    assert response.status_code == 400
    page = text(response)
    assert message in page and f'href="#{field}"' in page
    assert 'value="01234567"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Credential)) == 0


BAD_AVAILABILITY = [
    ({"timezone": "Mars/Olympus"}, "timezone", "Enter a time zone we know"),
    ({"timezone": ""}, "timezone", "Enter your time zone, like Asia/Kolkata."),
    (
        {"hours_min": "30", "hours_max": "10"},
        "hours_max",
        "The most hours a week must be the same as or more than the fewest hours.",
    ),
    ({"hours_max": "200"}, "hours_max", "Enter a number of hours from 0 to 168."),
    ({"hours_min": "-4"}, "hours_min", "Enter a number of hours from 0 to 168."),
    (
        {"weekday_from": "13:00", "weekday_to": "09:00"},
        "weekday_to",
        "Monday to Friday: Enter a finishing time after the start time",
    ),
    ({"weekday_from": "09:00", "weekday_to": "09:00"}, "weekday_to", "different from the start"),
    (
        {"d2_1_from": "15:00", "d2_1_to": "14:00"},
        "d2_1_to",
        "Wednesday, time 2: Enter a finishing time after the start time",
    ),
    ({"weekday_from": "25:00"}, "weekday_from", "Enter a time like 09:00 or 17:30."),
    ({"weekday_to": None}, "weekday_to", "Monday to Friday: Enter the time you finish."),
    (
        {"weekday_next_day": "y"},
        "weekday_to",
        "These hours would be longer than a day",
    ),
    (
        {"d0_0_from": "12:00", "d0_0_to": "15:00"},
        "d0_0_from",
        "Monday, time 1: these hours overlap Monday 9:00 am – 1:00 pm.",
    ),
    (
        {
            "weekday_from": None,
            "weekday_to": None,
            "d6_0_from": "22:00",
            "d6_0_to": "03:00",
            "d6_0_next": "y",
            "d0_0_from": "02:00",
            "d0_0_to": "06:00",
        },
        "d6_0_from",
        "Sunday, time 1: these hours overlap Monday 2:00 am – 6:00 am.",
    ),
    ({"employment_types": None}, "employment_types", "Choose at least one kind of job."),
    ({"work_modes": ["remote", "moon"]}, "work_modes", "Choose only from the list."),
    ({"work_modes": ["onsite"]}, "travel_km", "Enter how far you can travel to work"),
    ({"work_modes": ["hybrid"], "travel_km": "5000"}, "travel_km", "from 0 to 1000 km"),
    ({"available_from": "soon"}, "available_from", "Enter a real date, like 2027-03-31."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_AVAILABILITY)
def test_bad_availability_is_explained_and_kept(client, seeker, changes, field, message):
    client.post("/profile/basics", data=basics_data())
    before = db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox))
    response = client.post("/profile/availability", data=availability_data(**changes))
    assert response.status_code == 400, text(response)
    page = text(response)
    assert message in page
    assert f'href="#{field}"' in page
    assert f'id="{field}-error"' in page
    assert '="None"' not in page  # no Python None in an ARIA attribute
    profile = profile_of(seeker)
    assert profile.availability == [] and profile.employment_types == []
    assert "availability" not in profile.steps_done
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox)) == before


BAD_PAY = [
    ({"pay_min": "-5"}, "pay_min", "Enter an amount of 0 or more, without a minus sign."),
    ({"pay_min": "lots"}, "pay_min", "Enter an amount in numbers, like 25 or 25000."),
    (
        {"pay_min": "30000", "pay_max": "20000"},
        "pay_max",
        "Enter a top of the range that is not below the lowest amount.",
    ),
    ({"currency": ""}, "currency", "Choose the currency of the amount."),
    ({"currency": "XYZ"}, "currency", "Choose the currency of the amount."),
    ({"pay_period": "fortnight"}, "pay_period", "Choose whether the amount is per hour"),
    ({"visibility": None}, "visibility", "Choose who can see your profile."),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_PAY)
def test_bad_pay_and_privacy_are_explained_and_kept(client, seeker, changes, field, message):
    response = client.post("/profile/pay", data=pay_data(**changes))
    assert response.status_code == 400
    page = text(response)
    assert message in page and f'href="#{field}"' in page
    assert profile_of(seeker) is None


def test_pay_amounts_with_commas_and_a_single_amount(client, seeker):
    response = client.post(
        "/profile/pay", data=pay_data(pay_min="2,40,000", pay_max="", pay_period="year")
    )
    assert response.status_code == 302
    profile = profile_of(seeker)
    assert profile.pay_min == Decimal("240000") and profile.pay_max is None
    assert "At least ₹240,000 a year" in text(client.get("/profile/check"))


def test_pay_can_be_left_out(client, seeker):
    response = client.post(
        "/profile/pay", data=pay_data(pay_min="", pay_max="", currency="", pay_period="")
    )
    assert response.status_code == 302
    profile = profile_of(seeker)
    assert not profile.has_pay and profile.currency is None


def test_unknown_town_is_kept_without_coordinates(client, seeker):
    response = client.post("/profile/basics", data=basics_data(city="Chottanikkara Village"))
    assert response.status_code == 302
    profile = profile_of(seeker)
    assert profile.city == "Chottanikkara Village" and profile.lat is None
    assert "could not find Chottanikkara Village" in text(client.get("/profile/credentials"))


def test_same_city_name_in_two_states_uses_the_state(client, seeker):
    client.post("/profile/basics", data=basics_data(country="US", region="OH", city="Springfield"))
    profile = profile_of(seeker)
    assert profile.region == "OH" and round(profile.lat) == 40  # Springfield, Ohio
    assert profile.timezone == "America/New_York"


# Only seekers have a profile -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["employer", "school", "admin"])
def test_other_roles_cannot_open_the_steps(client, auth, role):
    UserFactory(role=role, email=f"{role}@example.com")
    auth.login(f"{role}@example.com")
    assert client.get("/profile/basics").status_code == 403
    assert client.post("/profile/basics", data=basics_data()).status_code == 403


def test_steps_need_a_login(client):
    response = client.get("/profile/basics")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_seeker_cannot_change_another_seekers_credential(client, seeker):
    other = CredentialFactory()
    assert client.get(f"/profile/credentials/{other.id}").status_code == 404
    assert client.post(f"/profile/credentials/{other.id}/delete").status_code == 404
    response = client.post(f"/profile/credentials/{other.id}", data=credential_data(kind="CCS"))
    assert response.status_code == 404
    db.session.refresh(other)
    assert other.kind == "CPC"


# Credentials: status and expiry ----------------------------------------------------------------


def test_expiry_is_derived_from_the_date():
    today = date(2026, 6, 1)
    valid = Credential(kind="CPC", expires_on=date(2026, 6, 1))
    expired = Credential(kind="CCS", expires_on=date(2026, 5, 31))
    forever = Credential(kind="RHIT", expires_on=None)
    assert not valid.is_expired(today) and valid.counts_as_held(today)
    assert expired.is_expired(today) and not expired.counts_as_held(today)
    assert expired.display_status(today) == "expired"
    assert not forever.is_expired(today)


def test_expired_credential_stays_listed_but_does_not_count(client, seeker):
    profile = ProfileFactory(user=seeker)
    CredentialFactory(profile=profile, kind="CPC", expires_on=date.today() - timedelta(days=1))
    page = text(client.get("/profile/"))
    assert "CPC" in page and "Expired on" in page and "Does not count" in page
    db.session.expire_all()
    assert not profiles.completeness(profile_of(seeker)).items[3].done
    facts = profile_of(seeker).facts()
    assert facts.credentials == [
        HeldCredential("CPC", expires_on=date.today() - timedelta(days=1), verified=False)
    ]


def test_changing_a_verified_credential_needs_a_new_check(client, seeker):
    profile = ProfileFactory(user=seeker)
    credential = CredentialFactory(profile=profile, number="111")
    admin = UserFactory(role="admin")
    profiles.verify_credential(admin, credential.id, "Checked the AAPC directory")
    # Saving the same values keeps the verification; a new number drops it.
    same = credential_data(number="111", issued_on="", expires_on="")
    client.post(f"/profile/credentials/{credential.id}", data=same)
    db.session.refresh(credential)
    assert credential.is_verified
    client.post(f"/profile/credentials/{credential.id}", data={**same, "number": "222"})
    db.session.refresh(credential)
    assert credential.status.value == "self_reported"
    assert credential.verified_at is None and credential.verification_method is None


def test_a_seeker_removes_a_credential(client, seeker):
    profile = ProfileFactory(user=seeker)
    credential = CredentialFactory(profile=profile)
    response = client.post(f"/profile/credentials/{credential.id}/delete")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Credential)) == 0


# Completeness -------------------------------------------------------------------------------


def test_completeness_names_the_next_useful_step(app):
    with app.test_request_context():
        check_completeness()


def check_completeness():
    empty = profiles.completeness(None)
    assert empty.percent == 0 and empty.next_item.step == "basics"
    profile = Profile(headline="Coder", role_types=["coder"], country="IN", specialties=[])
    partial = profiles.completeness(profile)
    assert partial.percent == 25
    assert str(partial.next_item.label) == "Add your specialties and code sets"


# Candidate facts for matching ------------------------------------------------------------------


def test_to_candidate_facts_carries_what_matching_needs(app):
    profile = ProfileFactory(
        country="US",
        region="TX",
        city="Houston",
        lat=29.76,
        lng=-95.36,
        timezone="America/Chicago",
        work_modes=["onsite", "remote"],
        travel_km=40,
        pay_min=Decimal("28"),
        pay_max=Decimal("34"),
        currency="USD",
        pay_period="hour",
        new_graduate=True,
    )
    CredentialFactory(profile=profile, kind="CCS", status="verified")
    CredentialFactory(profile=profile, kind="OTHER", other_name="State coding licence")
    profile.availability = [AvailabilitySlot(day=0, start_minute=480, end_minute=720)]
    db.session.commit()
    facts = profile.facts()
    assert facts.credentials == [HeldCredential("CCS", None, True)]
    assert facts.region == "US-TX" and facts.country == "US"
    assert facts.location == (29.76, -95.36) and facts.travel_km == 40
    assert facts.pay.amount_min == 28.0 and facts.pay.period == "hour"
    assert facts.availability == [TimeRange(0, 480, 720)]
    assert facts.work_modes == frozenset({"onsite", "remote"})
    assert facts.new_graduate and facts.hours_min == 20


# Search outbox --------------------------------------------------------------------------------


def outbox_rows():
    return db.session.execute(
        sa.select(SearchOutbox.entity, SearchOutbox.entity_id, SearchOutbox.op).order_by(
            SearchOutbox.id
        )
    ).all()


def test_every_profile_change_writes_an_outbox_row(client, seeker):
    client.post("/profile/basics", data=basics_data())
    profile = profile_of(seeker)
    assert outbox_rows() == [("profile", profile.id, "upsert")]

    for url, data in (
        ("/profile/credentials", credential_data()),
        ("/profile/availability", availability_data()),
        ("/profile/pay", pay_data()),
    ):
        before = len(outbox_rows())
        assert client.post(url, data=data).status_code == 302
        rows = outbox_rows()
        assert len(rows) > before, url
        assert set(rows) == {("profile", profile.id, "upsert")}
    # Deleting a credential changes the profile's document too.
    before = len(outbox_rows())
    client.post(f"/profile/credentials/{profile.credentials[0].id}/delete")
    assert len(outbox_rows()) > before


def test_a_rolled_back_save_leaves_no_outbox_row(app, seeker):
    profile = ProfileFactory(user=seeker)
    db.session.execute(sa.delete(SearchOutbox))
    db.session.commit()
    profile.headline = "Changed, then thought better of it"
    profile.availability = [AvailabilitySlot(day=1, start_minute=60, end_minute=120)]
    db.session.flush()
    assert set(outbox_rows()) == {("profile", profile.id, "upsert")}  # same transaction...
    db.session.rollback()
    assert outbox_rows() == []  # ...and gone with it
    db.session.refresh(profile)
    assert profile.headline != "Changed, then thought better of it"


def test_a_save_the_database_refuses_leaves_no_outbox_row(app, seeker):
    """The change and its outbox row commit together or not at all."""
    profile = ProfileFactory(user=seeker)
    db.session.execute(sa.delete(SearchOutbox))
    db.session.commit()
    profile.headline = "Changed in a transaction that fails"
    db.session.add(Profile(user_id=seeker.id))  # a second profile for one user: refused
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert outbox_rows() == []
    assert profile_of(seeker).headline == "Certified coder, outpatient and E/M"


def test_a_double_submitted_credential_is_added_once(client, seeker):
    first = client.post("/profile/credentials", data=credential_data())
    second = client.post("/profile/credentials", data=credential_data())
    assert first.status_code == second.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Credential)) == 1


def test_time_zone_names_are_matched_whatever_their_case(client, seeker):
    client.post("/profile/basics", data=basics_data())
    response = client.post("/profile/availability", data=availability_data(timezone="asia/kolkata"))
    assert response.status_code == 302
    assert profile_of(seeker).timezone == "Asia/Kolkata"
    assert db.session.get(type(seeker), seeker.id).timezone == "Asia/Kolkata"  # pages use it
