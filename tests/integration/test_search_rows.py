"""A document has one definition, whichever way its rows were read.

A full reindex builds documents from rows read in bulk with SQLAlchemy Core
(`documents.rebuild_batches`, what `sync.reindex` sends); the search worker loads the documents
of the few ids an outbox batch names (`source.load`), and the fallback search builds them from
ORM objects (`job_document`, `profile_document`). Over a varied set of rows, on SQLite and
PostgreSQL, the three give equal documents, field for field, and leave out the same rows; and
the matching facts every document carries (what ranked lists score from) are the model's own
facts, after the engine's JSON too.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal import taxonomy
from portal.extensions import db
from portal.models import (
    Credential,
    CredentialStatus,
    Job,
    JobOffice,
    JobStatus,
    Profile,
    ProfileReveal,
    RevealReason,
    School,
    Visibility,
    utcnow,
)
from portal.models.profile_view import profile_view_for
from portal.search import documents, rows
from portal.search.client import write_client
from portal.search.settings import index_uid
from tests.fixtures.factories import (
    EmployerFactory,
    SchoolFactory,
    SearchJobFactory,
    SearchOrganizationFactory,
    SearchProfileFactory,
)
from tests.fixtures.search import AUSTIN, DALLAS, LAST_MONTH, NEXT_YEAR, sync_all, weekdays

HOUSTON = (29.7604, -95.3698)
DESCRIPTION = (
    "## Inpatient coder\n\nCode **DRG** charts in *Epic*; see [our site](https://x.example).\n\n"
    "<script>alert(1)</script>- ICD-10-PCS\n- CPT & HCPCS\n\n---\nNo fee, ever."
)


def office(position: int, city: str, country: str, point, region: str | None = "TX"):
    lat, lng = point if point else (None, None)
    return JobOffice(position=position, city=city, region=region, country=country, lat=lat, lng=lng)


def seed_jobs() -> dict[str, int]:
    verified = SearchOrganizationFactory(name="Mercy Valley Hospital")
    newcomer = SearchOrganizationFactory(name="New Clinic", verified=False, country="IN")
    jobs = {
        "several offices": SearchJobFactory(
            organization=verified,
            work_mode="onsite",
            description=DESCRIPTION,
            schedule_flexible=False,
            shift_windows=[list(w) for w in weekdays(9, 17)],
            required_credentials=[["CPC"], ["CCS", " cic "]],
            preferred_credentials=["rhit", ""],
            specialties=["inpatient_drg", "unknown_specialty"],
            code_sets=["icd10pcs"],
            systems=["epic"],
            pay_min=Decimal("28.50"),
            pay_max=Decimal("34"),
            pay_currency="USD",
            pay_period="hour",
            hours_min=32,
            min_years=3,
        ),
        "hybrid, office without a point": SearchJobFactory(
            organization=verified,
            work_mode="hybrid",
            timezone="Asia/Kolkata",
            schedule_flexible=False,
            shift_windows=[[0, 1260, 360], [5, 600, 900]],  # a night shift, a Saturday
            pay_min=Decimal("30000"),
            pay_currency="INR",
            pay_period="month",
        ),
        "remote with offices": SearchJobFactory(
            organization=newcomer,
            work_mode="remote",
            applicant_countries=["in", "US"],
            applicant_regions=["us-tx", "IN-KL"],
            hours_max=20,
            new_graduates_welcome=True,
            training_provided=True,
        ),
        "remote, nothing else": SearchJobFactory(organization=newcomer, expires_at=None),
    }
    jobs["several offices"].offices = [
        office(0, "Austin", "US", AUSTIN),
        office(1, "Dallas", "US", DALLAS),
        office(2, "Houston", "US", HOUSTON),
    ]
    jobs["hybrid, office without a point"].offices = [
        office(0, "Kochi", "IN", None, region="KL"),
        office(1, "Dallas", "US", DALLAS),
    ]
    jobs["remote with offices"].offices = [office(0, "Austin", "US", AUSTIN)]
    for name, status in (
        ("held", JobStatus.PENDING_REVIEW),
        ("closed", JobStatus.CLOSED),
        ("draft", JobStatus.DRAFT),
        ("filled", JobStatus.FILLED),
    ):
        jobs[name] = SearchJobFactory(organization=verified, status=status)
    jobs["expired"] = SearchJobFactory(
        organization=verified, expires_at=utcnow() - timedelta(hours=1)
    )
    db.session.commit()
    return {name: job.id for name, job in jobs.items()}


def credential(code: str, *, expires=None, verified=False, school=None, other=None):
    return Credential(
        kind=code,
        other_name=other,
        expires_on=expires,
        status=CredentialStatus.VERIFIED if verified else CredentialStatus.PROOF_UPLOADED,
        verified_by_school_id=school.id if school else None,
        number="SECRET-123",
    )


def seed_profiles() -> dict[str, int]:
    school = SchoolFactory(name="Kerala Coding Academy")
    unverified_school = SchoolFactory(name="Pending School", verified_at=None)
    profiles = {
        "named, credentials, slots": SearchProfileFactory(
            anonymous=False,
            name="Priya Nair",
            school=school,
            headline="CPC, CCS \x07 inpatient",
            summary="Ten years of DRG coding. " * 200,
            role_types=["coder", "auditor"],
            specialties=["inpatient_drg"],
            code_sets=["icd10cm", "made_up"],
            systems=["epic", "cerner"],
            languages=["en", "ml"],
            lat=AUSTIN[0] + 0.00123,
            lng=AUSTIN[1] - 0.00456,
            travel_km=40,
            willing_to_relocate=True,
            years_experience=10,
            pay_min=Decimal("30"),
            pay_max=Decimal("38.75"),
            currency="USD",
            pay_period="hour",
            available_from=NEXT_YEAR,
            slots=[*weekdays(9, 17), (5, 1320, 120)],
        ),
        "anonymous, no credentials": SearchProfileFactory(hours_max=None, hours_min=10),
        "India, pay maximum only": SearchProfileFactory(
            country="IN",
            region="KL",
            timezone="Asia/Kolkata",
            new_graduate=True,
            pay_max=Decimal("25000"),
            currency="INR",
            pay_period="month",
            slots=weekdays(18, 22),
            hours_max=12,
        ),
        "free-text region": SearchProfileFactory(country="PH", region="Metro Manila"),
    }
    first = profiles["named, credentials, slots"]
    first.credentials = [
        credential("cpc", verified=True),
        credential("CPC", expires=NEXT_YEAR),
        credential("CCS", expires=LAST_MONTH, verified=True),
        credential("RHIT", verified=True, school=school),
        credential("CRC", verified=True, school=unverified_school),
        credential("OTHER", other="Epic certificate", verified=True),
        credential("CCS-P", expires=NEXT_YEAR, verified=True),
    ]
    profiles["India, pay maximum only"].credentials = [credential("CPC-A", verified=True)]
    profiles["hidden"] = SearchProfileFactory(visibility=Visibility.HIDDEN, credentials=["CPC"])
    profiles["not open to work"] = SearchProfileFactory(open_to_work=False)
    profiles["disabled account"] = SearchProfileFactory(credentials=["CPC"])
    profiles["disabled account"].user.disabled_at = utcnow()
    db.session.commit()
    return {name: profile.id for name, profile in profiles.items()}


ABSENT = {"held", "closed", "draft", "filled", "expired"}
HIDDEN = {"hidden", "not open to work", "disabled account"}


def rebuilt(index: str) -> dict[str, dict]:
    """What a full reindex sends (batches of two, so batch edges are crossed)."""
    docs = [doc for batch in documents.rebuild_batches(index, 2) for doc in batch]
    by_id = {str(doc["id"]): doc for doc in docs}
    assert len(by_id) == len(docs)
    return by_id


def expanded(source: documents.DocumentSource, doc: dict | None) -> dict[str, dict]:
    return {str(e["id"]): e for e in source.expand(doc)} if doc is not None else {}


@pytest.mark.usefixtures("app")
def test_job_documents_are_the_same_by_every_path():
    ids = seed_jobs()
    source = documents.SOURCES["job"]
    by_reindex = rebuilt("jobs")
    by_worker: dict[str, dict] = {}
    by_orm: dict[str, dict] = {}
    for name, job_id in ids.items():
        doc = source.load([job_id])[job_id]  # the worker, one outbox row at a time
        assert (doc is None) == (name in ABSENT), name
        by_worker.update(expanded(source, doc))
        db.session.expire_all()
        by_orm.update(expanded(source, documents.job_document(db.session.get(Job, job_id))))
    assert by_reindex == by_worker
    assert by_reindex == by_orm
    # Every office counts, in order; a remote job keeps its offices' countries, no points.
    several = by_reindex[str(ids["several offices"])]
    assert [p["lat"] for p in several["office_points"]] == [AUSTIN[0], DALLAS[0], HOUSTON[0]]
    assert set(by_reindex) >= {f"{ids['several offices']}-1", f"{ids['several offices']}-2"}
    remote = by_reindex[str(ids["remote with offices"])]
    assert remote["office_points"] == [] and remote["office_countries"] == ["US"]
    assert by_reindex[str(ids["remote with offices"])]["organization_verified"] is False
    assert "script" not in several["description"] and "DRG" in several["description"]


@pytest.mark.usefixtures("app")
def test_profile_documents_are_the_same_by_every_path():
    ids = seed_profiles()
    source = documents.SOURCES["profile"]
    by_reindex = rebuilt("profiles")
    by_worker: dict[str, dict] = {}
    by_orm: dict[str, dict] = {}
    for name, profile_id in ids.items():
        doc = source.load([profile_id])[profile_id]
        assert (doc is None) == (name in HIDDEN), name
        by_worker.update(expanded(source, doc))
        db.session.expire_all()
        profile = db.session.get(Profile, profile_id)
        by_orm.update(expanded(source, documents.profile_document(profile)))
    assert by_reindex == by_worker
    assert by_reindex == by_orm
    assert set(by_reindex) == {str(ids[n]) for n in ids if n not in HIDDEN}
    named = by_reindex[str(ids["named, credentials, slots"])]
    # Held: unexpired, not "other"; verified: by an administrator or a verified school.
    assert named["credentials_held"] == ["CCS-P", "CPC", "CRC", "RHIT"]
    assert named["credentials_verified"] == ["CCS-P", "CPC", "RHIT"]
    assert named["cred_until"]["CPC"] == documents.NO_EXPIRY and "CCS_P" in named["cred_until"]
    assert named["school_verified"] is True and named["school_name"] == "Kerala Coding Academy"
    assert named["name"] == "Priya Nair"
    assert "name" not in by_reindex[str(ids["anonymous, no credentials"])]
    assert "SECRET-123" not in repr(by_reindex)


@pytest.mark.usefixtures("app")
def test_a_school_losing_its_verification_changes_the_documents_alike():
    """`Credential.verified_clause` (the bulk read) and `Credential.is_verified` (the ORM)
    are one rule: a school's verifications stop counting the moment it loses its own."""
    ids = seed_profiles()
    profile_id = ids["named, credentials, slots"]
    school_id = db.session.get(Profile, profile_id).school_id
    db.session.execute(sa.update(School).where(School.id == school_id).values(verified_at=None))
    db.session.commit()
    db.session.expire_all()
    by_worker = documents.SOURCES["profile"].load([profile_id])[profile_id]
    by_orm = documents.profile_document(db.session.get(Profile, profile_id))
    assert by_worker == by_orm
    assert by_worker is not None and "RHIT" not in by_worker["credentials_verified"]
    assert by_worker["school_verified"] is False


@pytest.mark.usefixtures("app")
def test_a_rebuild_reads_one_batch_at_a_time():
    """A reindex at a million profiles holds one batch, not the table: `rebuild_batches` reads
    the next page of ids (keyset, by id) only once the previous batch has been taken, so rows
    changed after the first batch was read show in the later ones as they are then."""
    ids = [SearchProfileFactory(headline=f"Coder {n}").id for n in range(6)]
    db.session.commit()
    batches = documents.rebuild_batches("profiles", 2)
    first = next(batches)
    assert [int(doc["id"]) for doc in first] == ids[:2]
    hidden = db.session.get(Profile, ids[5])
    hidden.open_to_work = False  # hidden after the first batch was read
    renamed = db.session.get(Profile, ids[2])
    renamed.headline = "Renamed after the first batch"
    later = SearchProfileFactory().id  # created after the first batch was read
    db.session.commit()
    rest = list(batches)
    assert all(len(batch) <= 2 for batch in rest)
    docs = [doc for batch in rest for doc in batch]
    assert [int(doc["id"]) for doc in docs] == [*ids[2:5], later]
    assert docs[0]["headline"] == "Renamed after the first batch"


# --- match facts: what ranked lists score from -------------------------------------------------


def seed_pay_and_hours() -> tuple[dict[str, int], dict[str, int]]:
    """A job and a seeker for every pay period, a part-time job with fixed shifts, a seeker with
    a pay period matching does not know and one without a place."""
    org = SearchOrganizationFactory(name="Pay Periods Inc")
    jobs = {
        f"pay per {period}": SearchJobFactory(
            organization=org,
            pay_min=Decimal("12.25") if period != "year" else None,
            pay_max=Decimal("90000") if period == "year" else None,
            pay_currency="USD",
            pay_period=period,
        )
        for period in ("chart", "day", "week", "year")
    }
    jobs["part-time shifts"] = SearchJobFactory(
        organization=org,
        employment_type="part_time",
        schedule_flexible=False,
        shift_windows=[[0, 1320, 240], [2, 540, 780]],
        accepts_part_time=True,
        hours_min=8,
        hours_max=20,
    )
    profiles = {
        f"asks per {period}": SearchProfileFactory(
            pay_min=Decimal("3.5"), currency="USD", pay_period=period
        )
        for period in ("chart", "day", "week", "year")
    }
    profiles["unknown pay period"] = SearchProfileFactory(
        pay_min=Decimal("20"), currency="USD", pay_period="fortnight"
    )
    profiles["no place"] = SearchProfileFactory(country=None, region=None, city=None, lat=None)
    db.session.commit()
    return (
        {name: job.id for name, job in jobs.items()},
        {name: profile.id for name, profile in profiles.items()},
    )


def engine_hits(index: str) -> list[dict]:
    """Every document as ranked lists read it from the engine (`documents.MATCH_ATTRIBUTES`)."""
    answer = write_client().http.post(
        f"indexes/{index_uid(index)}/search",
        {"q": "", "limit": 1000, "attributesToRetrieve": documents.MATCH_ATTRIBUTES},
    )
    return answer["hits"]


@pytest.mark.usefixtures("app")
def test_match_facts_of_documents_are_the_models_facts():
    """Through every path, and through the engine's JSON: expired, "other" and school-verified
    credentials, slots and shifts across midnight, part-time shifts, every pay period, no
    coordinates, remote jobs with offices."""
    job_ids, profile_ids = seed_jobs(), seed_profiles()
    more_jobs, more_profiles = seed_pay_and_hours()
    job_ids |= more_jobs
    profile_ids |= more_profiles
    sync_all()
    db.session.expire_all()
    jobs = {i: db.session.get(Job, i).facts() for n, i in job_ids.items() if n not in ABSENT}
    profiles = {i: db.session.get(Profile, i).facts() for n, i in profile_ids.items()}
    profiles = {i: f for i, f in profiles.items() if i not in {profile_ids[n] for n in HIDDEN}}

    for doc in rebuilt("jobs").values():
        assert documents.job_facts(doc) == jobs[doc["job_id"]], doc["id"]
    for doc in rebuilt("profiles").values():
        assert documents.candidate_facts(doc) == profiles[doc["id"]], doc["id"]
    hits = engine_hits("jobs")
    assert {h["job_id"] for h in hits} == set(jobs)
    for hit in hits:  # every office's document carries its job's facts
        assert documents.job_facts(hit) == jobs[hit["job_id"]], hit["id"]
    hits = engine_hits("profiles")
    assert {h["id"] for h in hits} == set(profiles)
    for hit in hits:
        assert documents.candidate_facts(hit) == profiles[hit["id"]], hit["id"]

    # The cases are really there.
    named = profiles[profile_ids["named, credentials, slots"]]
    assert {(c.code, c.expires_on) for c in named.credentials} >= {("CCS", LAST_MONTH)}
    assert named.location == (AUSTIN[0] + 0.00123, AUSTIN[1] - 0.00456)
    assert profiles[profile_ids["no place"]].location is None
    assert profiles[profile_ids["unknown pay period"]].pay is None
    assert {f.pay.period for f in profiles.values() if f.pay} == set(taxonomy.PAY_PERIODS)
    assert {f.pay.period for f in jobs.values() if f.pay} == set(taxonomy.PAY_PERIODS)
    assert jobs[job_ids["part-time shifts"]].accepts_part_time
    assert jobs[job_ids["remote with offices"]].office_locations == [AUSTIN]


@pytest.mark.usefixtures("app")
def test_ranked_candidates_read_in_bulk_have_the_facts_of_the_orm():
    """The rows a page of best candidates shows are read with Core
    (`rows.searchable_candidates`): the facts matching gets are `Profile.facts()`'s, and an
    organization knows who the seeker is exactly when `profile_view_for` would show it the
    name."""
    ids = seed_profiles()
    mercy = SearchOrganizationFactory(name="Mercy Valley Hospital")
    anonymous = ids["anonymous, no credentials"]
    db.session.add(
        ProfileReveal(profile_id=anonymous, organization_id=mercy.id, reason=RevealReason.APPLIED)
    )
    db.session.commit()
    read = rows.searchable_candidates(list(ids.values()), mercy.id)
    assert set(read) == {ids[n] for n in ids if n not in HIDDEN}
    recruiter = EmployerFactory(owns=mercy)
    for profile_id, candidate in read.items():
        db.session.expire_all()
        profile = db.session.get(Profile, profile_id)
        assert candidate.facts() == profile.facts(), profile_id
        assert candidate.identity_known == profile_view_for(recruiter, profile).identity
        assert candidate.profile.headline == profile.headline
    assert read[anonymous].identity_known
    other = rows.searchable_candidates([anonymous], SearchOrganizationFactory().id)
    assert not other[anonymous].identity_known  # revealed to Mercy Valley only
