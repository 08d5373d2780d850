"""Jobs of hospitals, clinics, insurers and staffing agencies (US), outsourcing firms (India) and
hospitals (Gulf): real offices, shift windows in the job's time zone, requirements from a track
of the trade, local pay, screening questions, and the dates of where each stands in its
workflow. `--jobs` counts open jobs; about a tenth more are drafts, waiting for review, closed,
filled or expired.

Every draw comes from the run's one random generator in a fixed order, so the same seed gives
the same jobs: a step that draws must keep its place in `_one_job`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from portal import taxonomy
from portal.devdata.seed.bulk import CHUNK
from portal.devdata.seed.cities import City
from portal.devdata.seed.draw import Weighted, hhmm, market, money
from portal.devdata.seed.state import JobInfo, OrgInfo, Row, SeedState
from portal.devdata.seed.trade import PAY, SUN_THU, TRACK_WEIGHTS, TRACKS, WEEKDAYS, Track
from portal.devdata.seed.wording import (
    JOB_BULLETS,
    JOB_CLOSERS,
    JOB_INTROS,
    JOB_MODES,
    QUESTIONS,
    fmt,
)
from portal.extensions import db
from portal.limits import JOB_TITLE_MAX
from portal.models import Job, JobOffice, ScreeningQuestion


@dataclass
class _Batch:
    """Rows of one chunk of jobs, inserted together."""

    jobs: list[Row] = field(default_factory=list)
    offices: list[Row] = field(default_factory=list)
    questions: list[Row] = field(default_factory=list)


@dataclass
class _Schedule:
    flexible: bool = False
    windows: list[list[int]] = field(default_factory=list)
    shift_kind: str = "day"
    hours_min: int | None = None
    hours_max: int | None = None
    employment: str = "full_time"


@dataclass
class _Requirements:
    new_grads: bool
    required: list[list[str]]
    preferred: list[str]
    specialties: list[str]
    code_sets: list[str]
    systems: list[str]
    min_years: int


@dataclass
class _Dates:
    created: datetime
    published_at: datetime | None = None
    submitted: datetime | None = None
    reviewed: datetime | None = None
    closed_at: datetime | None = None
    expires_at: datetime | None = None


def jobs(state: SeedState) -> None:
    rng = state.rng
    open_jobs = state.sizes.jobs
    others = int(round(open_jobs * 0.1))
    total = open_jobs + others
    if not state.orgs or not total:
        return
    # Bigger employers post more (a long tail of small ones).
    org_pick = Weighted(state.orgs, [1 / (i + 1) ** 0.7 for i in range(len(state.orgs))])
    statuses = ["published"] * open_jobs + rng.choices(
        ("draft", "pending_review", "closed", "filled", "expired"), (25, 10, 25, 20, 20),
        k=others,
    )  # fmt: skip
    rng.shuffle(statuses)
    track_pick = {m: Weighted(list(w), list(w.values())) for m, w in TRACK_WEIGHTS.items()}
    for start in range(0, total, CHUNK):
        chunk = statuses[start : start + CHUNK]
        batch = _Batch()
        for status in chunk:
            org = org_pick.pick(rng)
            where = market(org.country)
            track = TRACKS[track_pick[where].pick(rng)]
            _one_job(state, org, where, track, status, batch)
        state.insert(Job, batch.jobs)
        state.insert(JobOffice, batch.offices)
        state.insert(ScreeningQuestion, batch.questions)
        db.session.commit()
        state.progress("jobs", len(chunk))


def _one_job(
    state: SeedState, org: OrgInfo, where: str, track: Track, status: str, batch: _Batch
) -> None:
    rng = state.rng
    job_id = state.take(Job)
    country = org.country
    mode = _work_mode(rng, country)
    office_city = org.city if rng.random() < 0.6 else state.city_pick[country].pick(rng)
    schedule = _schedule(rng, country, mode, track)
    applicant_countries, applicant_regions = _who_may_apply(rng, country, mode, office_city)
    job_offices = _offices(state, job_id, country, mode, office_city, batch)
    needs = _requirements(rng, track)
    currency, period, pay_min, pay_max = _pay(rng, country)
    title = _title(rng, track, mode, needs, schedule, office_city)
    spec_label = taxonomy.label(taxonomy.SPECIALTIES, needs.specialties[0]).split(" (")[0].lower()
    values = _wording_values(rng, org, track, spec_label, needs, office_city)
    description = _description(rng, mode, values)
    dates = _workflow_dates(state, status)
    job_questions = _questions(state, job_id, status, mode, needs, spec_label, batch)
    external = rng.random() < 0.06
    batch.jobs.append(
        {
            "id": job_id,
            "organization_id": org.id,
            "created_by_id": rng.choice(org.member_ids),
            "title": title[:JOB_TITLE_MAX],
            "role_type": track.role,
            "employment_type": schedule.employment,
            "openings": rng.choice((1, 1, 1, 2, 3, 5, 10)),
            "description": description,
            "required_credentials": needs.required,
            "preferred_credentials": needs.preferred,
            "specialties": needs.specialties,
            "code_sets": needs.code_sets,
            "systems": needs.systems,
            "min_years": needs.min_years,
            "new_graduates_welcome": needs.new_grads,
            "training_provided": needs.new_grads or rng.random() < 0.1,
            "work_mode": mode,
            "applicant_countries": applicant_countries,
            "applicant_regions": applicant_regions,
            "timezone": office_city.timezone,
            "schedule_flexible": schedule.flexible,
            "shift_windows": schedule.windows,
            "accepts_part_time": False,
            "hours_min": schedule.hours_min,
            "hours_max": schedule.hours_max,
            "pay_min": pay_min,
            "pay_max": pay_max,
            "pay_currency": currency,
            "pay_period": period,
            "charts_per_day": values["charts"] if track.role == "coder" else None,
            "qa_accuracy": values["acc"] if track.role in ("coder", "auditor") else None,
            **_remote_terms(rng, mode, job_offices),
            "apply_method": "external" if external else "portal",
            "apply_url": f"https://careers.example/jobs/{job_id}" if external else None,
            "status": status,
            "last_step": "apply",
            "held_reasons": [],
            "moderation_note": None,
            "reviewed_at": dates.reviewed,
            "reviewed_by_id": None,
            "was_rejected": False,
            "approved_fingerprint": None,
            "submitted_at": dates.submitted,
            "published_at": dates.published_at,
            "expires_at": dates.expires_at,
            "closed_at": dates.closed_at,
            "created_at": dates.created,
            "updated_at": dates.closed_at or dates.published_at or dates.created,
        }
    )
    if dates.published_at is not None and not external:
        state.jobs.append(
            JobInfo(job_id, org.id, where, dates.published_at, status, job_questions, track.key)
        )


def _work_mode(rng: random.Random, country: str) -> str:
    if country == "US":
        return rng.choices(("remote", "hybrid", "onsite"), (62, 20, 18))[0]
    if country == "IN":
        return rng.choices(("remote", "hybrid", "onsite"), (30, 30, 40))[0]
    return rng.choices(("remote", "hybrid", "onsite"), (8, 22, 70))[0]


def _schedule(rng: random.Random, country: str, mode: str, track: Track) -> _Schedule:
    """Shift windows in the job's time zone (US days, Indian nights for US clients, Gulf
    weeks), then the hours and the kind of employment they make."""
    schedule = _Schedule()
    if country == "US":
        if mode == "remote" and rng.random() < 0.25:
            schedule.flexible = True
        else:
            start, end = rng.choice((("08:00", "16:30"), ("07:00", "15:30"),
                                     ("09:00", "17:30"), ("07:00", "11:00")))  # fmt: skip
            schedule.windows = [[d, hhmm(start), hhmm(end)] for d in WEEKDAYS]
    elif country == "IN":
        if track.key in ("ar", "billing") or rng.random() < 0.6:
            schedule.shift_kind = "us_night"
            start, end = rng.choice((("19:30", "04:30"), ("18:30", "03:30"),
                                     ("20:30", "05:30")))  # fmt: skip
        else:
            start, end = rng.choice((("09:30", "18:30"), ("10:00", "19:00")))
        schedule.windows = [[d, hhmm(start), hhmm(end)] for d in WEEKDAYS]
    else:
        days = WEEKDAYS if country == "AE" else SUN_THU
        schedule.windows = [[d, hhmm("08:00"), hhmm("16:00")] for d in days]
    _hours_and_employment(rng, schedule)
    return schedule


def _hours_and_employment(rng: random.Random, schedule: _Schedule) -> None:
    windows = schedule.windows
    weekly = sum(((e - s) % 1440 or 1440) for _d, s, e in windows) / 60 if windows else 0
    if schedule.flexible:
        schedule.hours_min = rng.choice((10, 15, 20, 25))
        schedule.hours_max = schedule.hours_min + rng.choice((5, 10, 15))
    elif weekly < 30:
        schedule.hours_min, schedule.hours_max = int(weekly), int(weekly)
    if schedule.flexible or weekly < 30:
        schedule.employment = rng.choice(("part_time", "contract", "per_diem"))
    elif rng.random() < 0.12:
        schedule.employment = rng.choice(("contract", "temporary"))


def _who_may_apply(
    rng: random.Random, country: str, mode: str, office_city: City
) -> tuple[list[str], list[str]]:
    """A remote job takes applicants from its own country, sometimes from one state only."""
    applicant_countries: list[str] = []
    applicant_regions: list[str] = []
    if mode == "remote":
        applicant_countries = [country]
        if country == "US" and rng.random() < 0.15:
            region = office_city.region or "OH"
            applicant_regions = [f"US-{region}"]
        if country == "IN" and rng.random() < 0.25:
            applicant_regions = [f"IN-{office_city.region}"] if office_city.region else []
    return applicant_countries, applicant_regions


def _offices(
    state: SeedState, job_id: int, country: str, mode: str, office_city: City, batch: _Batch
) -> list[City]:
    rng = state.rng
    job_offices = []
    if mode != "remote" or rng.random() < 0.1:
        job_offices.append(office_city)
        if rng.random() < 0.12:
            other = state.city_pick[country].pick(rng)
            if other != office_city:
                job_offices.append(other)
    for position, city in enumerate(job_offices):
        batch.offices.append(
            {
                "id": state.take(JobOffice),
                "job_id": job_id,
                "position": position,
                "city": city.name,
                "region": city.region if country in ("US", "IN") else None,
                "country": country,
                "lat": city.lat,
                "lng": city.lng,
            }
        )
    return job_offices


def _requirements(rng: random.Random, track: Track) -> _Requirements:
    """Credentials, specialties, code sets, systems and experience from the track."""
    new_grads = track.apprentice is not None and rng.random() < 0.15
    required = [list(g) for g in track.required]
    if new_grads and required and track.apprentice is not None:
        required = [[track.apprentice, *required[0]]]
    if required and rng.random() < 0.15 and track.key == "inpatient":
        required = [["RHIT"], *required]
    preferred = [c for c in track.preferred if rng.random() < 0.5]
    specialties = [track.specialties[0]] + [
        s for s in track.specialties[1:] if rng.random() < 0.25
    ][:2]
    code_sets = [s for s in track.code_sets if rng.random() < 0.8] or [track.code_sets[0]]
    systems = rng.sample(track.systems, k=min(len(track.systems), rng.randint(1, 2)))
    min_years = 0 if new_grads else rng.choice((0, 1, 2, 2, 3, 3, 5))
    return _Requirements(new_grads, required, preferred, specialties, code_sets, systems, min_years)


def _pay(rng: random.Random, country: str) -> tuple[str, str, Decimal, Decimal]:
    """Pay in the local currency and the period people think in there."""
    currency, period, low, high = PAY[country]
    if country == "US":
        period = rng.choices(("hour", "year", "chart"), (70, 25, 5))[0]
        low, high = {"hour": (18, 46), "year": (40000, 92000), "chart": (2.5, 6)}[period]
    elif country == "IN" and rng.random() < 0.3:
        period, low, high = "year", 220000, 720000
    pay_min = money(rng, low, (low + high) / 2, period)
    pay_max = money(rng, float(pay_min) * 1.1, float(pay_min) * 1.4, period)
    return currency, period, pay_min, pay_max


def _title(
    rng: random.Random,
    track: Track,
    mode: str,
    needs: _Requirements,
    schedule: _Schedule,
    office_city: City,
) -> str:
    mode_word = {"remote": "Remote", "hybrid": "Hybrid", "onsite": ""}[mode]
    required = needs.required
    cred_word = required[0][0] if required and rng.random() < 0.5 else ""
    title = track.title
    if cred_word and cred_word not in title:
        title = f"{title} ({cred_word})"
    if mode_word:
        title = f"{mode_word} {title[0].lower()}{title[1:]}"
    if schedule.shift_kind == "us_night":
        title += ", night shift (US clients)"
    elif mode != "remote":
        title += f", {office_city.name}"
    elif schedule.flexible:
        title += ", flexible hours"
    return title


def _wording_values(
    rng: random.Random,
    org: OrgInfo,
    track: Track,
    spec_label: str,
    needs: _Requirements,
    office_city: City,
) -> dict[str, Any]:
    """What the description's templates are filled in with."""
    code_sets, systems = needs.code_sets, needs.systems
    return {
        "org": org.name,
        "title_lower": track.title.lower(),
        "article": "an" if track.title[0].lower() in "aeiou" else "a",
        "team": rng.choice((6, 12, 25, 40, 80)),
        "spec": spec_label,
        "sets": ", ".join(taxonomy.CODE_SETS[s].label.split(" (")[0] for s in code_sets[:3]),
        "charts": rng.choice((20, 25, 60, 90, 120, 150)),
        "acc": rng.choice((95, 96)),
        "systems": " and ".join(taxonomy.label(taxonomy.SYSTEMS, s) for s in systems),
        "city": office_city.name,
    }


def _description(rng: random.Random, mode: str, values: dict[str, Any]) -> str:
    bullets = rng.sample(JOB_BULLETS, 4)
    return (
        fmt(rng.choice(JOB_INTROS), **values)
        + "\n\n"
        + "\n".join(f"- {fmt(b, **values)}" for b in bullets)
        + "\n\n"
        + fmt(JOB_MODES[mode], **values)
        + " "
        + " ".join(rng.sample(JOB_CLOSERS, 2))
    )


def _workflow_dates(state: SeedState, status: str) -> _Dates:
    """Created, submitted, reviewed, published, closed and expiry dates that fit the status."""
    rng = state.rng
    dates = _Dates(created=state.past(120, 1))
    if status == "published":
        dates.published_at = state.past(60, 0.1)
        dates.created = min(dates.created, dates.published_at - timedelta(hours=2))
        dates.expires_at = state.now + timedelta(days=rng.randint(2, 85))
    elif status in ("closed", "filled", "expired"):
        published_at = dates.published_at = state.past(150, 40)
        dates.created = published_at - timedelta(days=1)
        closed_at = dates.closed_at = published_at + timedelta(days=rng.randint(7, 35))
        dates.expires_at = closed_at if status == "expired" else published_at + timedelta(days=60)
    elif status == "pending_review":
        dates.submitted = state.past(3)
    if dates.published_at is not None:
        dates.submitted = dates.reviewed = dates.published_at
    return dates


def _questions(
    state: SeedState,
    job_id: int,
    status: str,
    mode: str,
    needs: _Requirements,
    spec_label: str,
    batch: _Batch,
) -> list[tuple[int, str, bool]]:
    """Screening questions on about a quarter of the jobs (not on drafts)."""
    rng = state.rng
    job_questions: list[tuple[int, str, bool]] = []
    if status == "draft" or not rng.random() < 0.28:
        return job_questions
    picks = rng.sample(QUESTIONS, rng.randint(1, 2))
    for position, (text, must) in enumerate(picks):
        if "home" in text and mode != "remote":
            continue
        qid = state.take(ScreeningQuestion)
        qtext = fmt(
            text,
            cred=(needs.required[0][0] if needs.required else "coding"),
            years=max(needs.min_years, 1),
            spec=spec_label,
            system=taxonomy.label(taxonomy.SYSTEMS, needs.systems[0]),
        )
        batch.questions.append(
            {"id": qid, "job_id": job_id, "position": position, "text": qtext, "must_be_yes": must}
        )
        job_questions.append((qid, qtext, must))
    return job_questions


def _remote_terms(rng: random.Random, mode: str, job_offices: list[City]) -> Row:
    """Equipment, on-site training weeks and dependent care, which only remote jobs state."""
    remote = mode == "remote"
    return {
        "equipment": "provided" if remote and rng.random() < 0.8 else None,
        "onsite_training_weeks": rng.choice((1, 2)) if remote and job_offices else None,
        "no_dependent_care": remote and rng.random() < 0.3,
    }
