"""Seekers: each follows a track of the trade that fixes which credentials, specialties, code
sets and systems go together; lives in a real city; is free in their own time zone (Indian night
shifts cover a US day); and asks for pay in the local currency and period.

Every draw comes from the run's one random generator in a fixed order, so the same seed gives
the same people: a step that draws must keep its place in `_one_profile`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from portal import taxonomy
from portal.devdata.seed.bulk import CHUNK
from portal.devdata.seed.cities import City
from portal.devdata.seed.draw import (
    Weighted,
    ascii_slug,
    availability_key,
    hhmm,
    market,
    money,
    phone_number,
)
from portal.devdata.seed.state import Row, SeedState, Seeker
from portal.devdata.seed.trade import (
    AVAILABILITY,
    LANGUAGES_BY_REGION,
    PAY,
    TRACK_WEIGHTS,
    TRACKS,
    Track,
)
from portal.devdata.seed.wording import (
    CLIENTS,
    SUMMARY_CLOSERS,
    SUMMARY_MIDDLES,
    SUMMARY_OPENERS,
    fmt,
)
from portal.extensions import db
from portal.limits import HEADLINE_MAX
from portal.models import AvailabilitySlot, Credential, Profile, User

Slot = tuple[float, str, tuple[int, ...], str, str, int, int]
EDUCATION = (
    "Associate degree in Health Information Technology.",
    "B.Sc. Nursing; medical coding certificate course.",
    "B.Sc. Life Sciences; CPC exam preparation course.",
    "Bachelor of Health Information Management.",
    "High school diploma; medical coding and billing certificate.",
)


@dataclass
class _Batch:
    """Rows of one chunk of profiles, inserted together."""

    users: list[Row] = field(default_factory=list)
    profiles: list[Row] = field(default_factory=list)
    creds: list[Row] = field(default_factory=list)
    slots: list[Row] = field(default_factory=list)


@dataclass
class _Person:
    """What has been drawn about one seeker so far."""

    country: str
    market: str
    track: Track
    city: City
    locale: str
    user_id: int
    profile_id: int
    created: datetime
    new_grad: bool = False
    returning: bool = False
    years: int = 0
    school_id: int | None = None


def profiles(state: SeedState) -> None:
    total = state.sizes.profiles
    country_pick = Weighted(
        ("US", "IN", "SA", "AE", "QA", "KW", "OM", "BH"), (44, 40, 7, 5, 1.5, 1, 1, 0.5)
    )
    track_pick = {m: Weighted(list(w), list(w.values())) for m, w in TRACK_WEIGHTS.items()}
    slot_pick = {k: Weighted(v, [p[0] for p in v]) for k, v in AVAILABILITY.items()}
    done = 0
    while done < total:
        n = min(CHUNK, total - done)
        batch = _Batch()
        for _ in range(n):
            country = country_pick.pick(state.rng)
            where = market(country)
            track = TRACKS[track_pick[where].pick(state.rng)]
            _one_profile(state, country, where, track, slot_pick, batch)
        state.insert(User, batch.users)
        state.insert(Profile, batch.profiles)
        state.insert(Credential, batch.creds)
        state.insert(AvailabilitySlot, batch.slots)
        db.session.commit()
        done += n
        state.progress("profiles", n)


def _one_profile(
    state: SeedState,
    country: str,
    where: str,
    track: Track,
    slot_pick: dict[str, Weighted[Slot]],
    batch: _Batch,
) -> None:
    rng = state.rng
    person = _person(state, country, where, track, batch)
    _experience(rng, person)
    specialties, code_sets, systems = _skills(rng, track)
    languages = _languages(state, country, person.city, person.locale)
    person.school_id = _school(state, person)
    # Availability, in the seeker's own time zone.
    _w, kind, days, start, end, h_min, h_max = slot_pick[availability_key(country)].pick(rng)
    for day in days:
        batch.slots.append(
            {
                "id": state.take(AvailabilitySlot),
                "profile_id": person.profile_id,
                "day": day,
                "start_minute": hhmm(start),
                "end_minute": hhmm(end),
            }
        )
    work_modes = _work_modes(rng, country)
    employment_types = _employment_types(rng, h_max)
    held = _held_credentials(rng, track, person.new_grad)
    for code in held:
        batch.creds.append(
            _credential(
                state, person.profile_id, code, person.years, person.school_id, person.created
            )
        )
    currency, period, ask, pay_max = _asking_pay(rng, country, person.years)
    if kind in ("us_night", "us_evening") and "remote" not in work_modes:
        work_modes = ["remote", *work_modes]
    spec_label = taxonomy.label(taxonomy.SPECIALTIES, specialties[0]).split(" (")[0]
    creds_text = " and ".join(held) if held else "no credential yet"
    headline = _headline(rng, person, spec_label, creds_text)
    summary = _summary(state, where, spec_label, person.years, creds_text, code_sets, systems, kind)
    profile: Row = {
        "id": person.profile_id,
        "user_id": person.user_id,
        "headline": headline,
        "summary": summary,
        "phone": phone_number(rng, country),
        "role_types": _role_types(rng, track, person.years),
        "years_experience": person.years,
        "specialties": specialties,
        "code_sets": code_sets,
        "systems": systems,
        "languages": languages,
        "education": rng.choice(EDUCATION),
        "school_id": person.school_id,
        "new_graduate": person.new_grad,
        "career_break_years": rng.randint(1, 12) if person.returning else None,
        "country": country,
        "region": person.city.region,
        "city": person.city.name,
        "lat": person.city.lat,
        "lng": person.city.lng,
        "timezone": person.city.timezone,
        "hours_min": h_min,
        "hours_max": h_max,
        "employment_types": employment_types,
        "work_modes": work_modes,
        "pay_min": ask,
        "currency": currency,
        "pay_period": period,
    }
    profile["available_from"] = _available_from(state)
    batch.profiles.append(_with_preferences(state, profile, work_modes, pay_max, person.created))
    state.seekers.append(Seeker(person.user_id, person.profile_id, where, track.key))
    state.report.accounts.setdefault("seeker", batch.users[-1]["email"])


def _person(state: SeedState, country: str, where: str, track: Track, batch: _Batch) -> _Person:
    """Where they live, their name and their account."""
    rng = state.rng
    city = state.city_pick[country].pick(rng)
    if country == "US":
        locale = "en_US"
    elif country == "IN":
        locale = "en_IN"
    else:  # Gulf: nationals and Indian expatriates
        locale = "ar_SA" if rng.random() < 0.55 else "en_IN"
    first, last = state.names.person(rng, locale)
    user_id = state.take(User)
    profile_id = state.take(Profile)
    created = state.past(720, 1)
    handle = ascii_slug(f"{first}.{last}") or "coder"
    tld = {"US": "com", "IN": "in", "SA": "sa", "AE": "ae"}.get(country, "com")
    email = f"{handle}.{user_id}@example.{tld}"
    batch.users.append(state.user(user_id, f"{first} {last}", email, "seeker", created))
    return _Person(country, where, track, city, locale, user_id, profile_id, created)


def _experience(rng: random.Random, person: _Person) -> None:
    person.new_grad = rng.random() < 0.12
    person.returning = not person.new_grad and rng.random() < 0.1
    if person.new_grad:
        person.years = rng.randint(0, 1)
    else:
        person.years = min(35, int(rng.expovariate(1 / 7)) + 1)


def _skills(rng: random.Random, track: Track) -> tuple[list[str], list[str], list[str]]:
    """Specialties (the track's own first, often one or two more), code sets and systems."""
    specialties = [track.specialties[0]]
    for extra in track.specialties[1:]:
        if rng.random() < 0.3 and len(specialties) < 3:
            specialties.append(extra)
    code_sets = [s for s in track.code_sets if rng.random() < 0.85] or [track.code_sets[0]]
    systems = rng.sample(track.systems, k=min(len(track.systems), rng.randint(1, 3)))
    return specialties, code_sets, systems


def _school(state: SeedState, person: _Person) -> int | None:
    """New graduates and returners often studied at a local school; a few others too."""
    local_schools = state.schools.get(person.country) or []
    if local_schools and (person.new_grad or person.returning or state.rng.random() < 0.06):
        return state.rng.choice(local_schools)
    return None


def _work_modes(rng: random.Random, country: str) -> list[str]:
    if country == "US":
        return rng.choices(
            (["remote"], ["remote", "hybrid"], ["hybrid", "onsite"], ["onsite"]),
            (55, 25, 10, 10),
        )[0]
    if country == "IN":
        return rng.choices(
            (["remote"], ["remote", "hybrid"], ["onsite", "hybrid"], ["onsite"]),
            (45, 25, 15, 15),
        )[0]
    return rng.choices((["onsite"], ["onsite", "hybrid"], ["remote"]), (50, 35, 15))[0]


def _employment_types(rng: random.Random, hours_max: int) -> list[str]:
    part_time = hours_max < 30
    employment_types = (
        ["part_time", rng.choice(("contract", "per_diem"))] if part_time else ["full_time"]
    )
    if not part_time and rng.random() < 0.3:
        employment_types.append("contract")
    return employment_types


def _held_credentials(rng: random.Random, track: Track, new_grad: bool) -> list[str]:
    """Held ones follow the track; new graduates hold the apprentice one."""
    held: list[str] = []
    if new_grad and track.apprentice:
        held.append(track.apprentice)
    elif track.held and (track.required or rng.random() < 0.45):
        held.append(track.held[0] if rng.random() < 0.7 else rng.choice(track.held))
        if rng.random() < 0.3 and len(track.held) > 1:
            second = rng.choice(track.held)
            if second not in held:
                held.append(second)
    return held


def _asking_pay(rng: random.Random, country: str, years: int) -> tuple[str, str, Decimal, Decimal]:
    """Currency, period, the least they accept (more with experience) and what they hope for."""
    currency, period, low, high = PAY[country]
    scale = 1 + min(years, 20) * 0.03
    if country == "US" and rng.random() < 0.2:
        period, low, high = "year", 42000, 78000
    ask = money(rng, low, (low + high) / 2, period) * Decimal(str(round(scale, 2)))
    ask = money(rng, float(ask) * 0.98, float(ask) * 1.02, period)
    pay_max = money(rng, float(ask) * 1.1, float(ask) * 1.35, period)
    return currency, period, ask, pay_max


def _headline(rng: random.Random, person: _Person, spec_label: str, creds_text: str) -> str:
    track, years = person.track, person.years
    return rng.choice(
        (
            f"{creds_text} {taxonomy.label(taxonomy.ROLE_TYPES, track.role).lower()}, "
            f"{years} years of {spec_label}",
            f"{spec_label} coder ({creds_text}), {years} years",
            f"{'New ' if person.new_grad else ''}{track.title.lower()}, {creds_text}",
        )
    )[:HEADLINE_MAX]


def _role_types(rng: random.Random, track: Track, years: int) -> list[str]:
    senior_auditor = years > 10 and rng.random() < 0.2 and track.role != "auditor"
    return [track.role] + (["auditor"] if senior_auditor else [])


def _available_from(state: SeedState) -> object:
    if state.rng.random() < 0.3:
        return state.today + timedelta(days=state.rng.choice((0, 0, 14, 30, 60)))
    return None


def _with_preferences(
    state: SeedState, profile: Row, work_modes: list[str], pay_max: Decimal, created: datetime
) -> Row:
    """The rest of the profile row: how far they travel, what they show employers, when."""
    rng = state.rng
    onsite = any(m != "remote" for m in work_modes)
    return {
        **profile,
        "travel_km": rng.choice((10, 20, 30, 50)) if onsite else None,
        "willing_to_relocate": rng.random() < 0.05,
        "pay_max": pay_max if rng.random() < 0.6 else None,
        "open_to_work": rng.random() < 0.88,
        "visibility": "employers" if rng.random() < 0.93 else "hidden",
        "anonymous": rng.random() < 0.6,
        "resume_file": None,
        "resume_name": None,
        "resume_size": None,
        "resume_uploaded_at": None,
        "steps_done": ["basics", "credentials", "availability", "pay"],
        "created_at": created,
        "updated_at": created
        + timedelta(seconds=int(rng.uniform(0, (state.now - created).total_seconds()))),
    }


def _languages(state: SeedState, country: str, city: City, locale: str) -> list[str]:
    rng = state.rng
    if country == "US":
        return ["english", "spanish"] if rng.random() < 0.2 else ["english"]
    if country == "IN" or locale == "en_IN":
        langs = ["english", "hindi"] if rng.random() < 0.6 else ["english"]
        regional = LANGUAGES_BY_REGION.get(city.region or "")
        if country != "IN":
            regional = rng.choice(("malayalam", "tamil", "hindi", "urdu"))
        if regional and regional not in langs:
            langs.append(regional)
        return langs
    return ["arabic", "english"]


def _summary(
    state: SeedState,
    where: str,
    spec: str,
    years: int,
    creds: str,
    code_sets: list[str],
    systems: list[str],
    kind: str,
) -> str:
    rng = state.rng
    values = {
        "spec": spec.lower(),
        "years": years,
        "creds": creds,
        "clients": rng.choice(CLIENTS["GULF" if where in ("SA", "GULF") else where]),
        "acc": rng.choice((95, 96, 97, 98)),
        "sets": ", ".join(taxonomy.CODE_SETS[s].label.split(" (")[0] for s in code_sets[:3]),
        "systems": " and ".join(taxonomy.label(taxonomy.SYSTEMS, s) for s in systems[:2]),
        "charts": rng.choice((18, 25, 60, 90, 120, 150)),
    }
    parts = [fmt(rng.choice(SUMMARY_OPENERS), **values)]
    parts += [fmt(m, **values) for m in rng.sample(SUMMARY_MIDDLES, 2)]
    parts.append(SUMMARY_CLOSERS.get(kind, "Looking for a steady role."))
    return " ".join(parts)


def _credential(
    state: SeedState,
    profile_id: int,
    code: str,
    years: int,
    school_id: int | None,
    created: datetime,
) -> Row:
    rng = state.rng
    body = taxonomy.CREDENTIALS[code].body if code in taxonomy.CREDENTIALS else "AAPC"
    issued = state.today - timedelta(days=int(max(years, 0.3) * 365 * rng.uniform(0.3, 1.0)))
    if rng.random() < 0.05:
        expires = state.today - timedelta(days=rng.randint(1, 240))  # lapsed
    else:
        expires = state.today + timedelta(days=rng.randint(7, 730))  # two-year cycle
    if body == "AHIMA":
        number = f"{code}-{rng.randrange(10000, 100000)}"
    else:
        number = f"0{rng.randrange(1000000, 10000000)}"
    status, verified_at, by, by_school, method = "self_reported", None, None, None, None
    roll = rng.random()
    if roll < 0.18:
        status, verified_at = "verified", created + timedelta(days=rng.randint(1, 30))
        if school_id is not None and rng.random() < 0.5:
            by, by_school = state.school_owner[school_id], school_id
            method = "Our exam records"
        else:
            by = state.admin_id
            method = f"Checked the {body} member directory"
    return {
        "id": state.take(Credential),
        "profile_id": profile_id,
        "kind": code,
        "other_name": None,
        "number": number,
        "issued_on": issued,
        "expires_on": expires,
        "proof_file": None,
        "proof_name": None,
        "proof_size": None,
        "proof_uploaded_at": None,
        "status": status,
        "verified_at": verified_at,
        "verified_by_id": by,
        "verified_by_school_id": by_school,
        "verification_method": method,
        "proof_review_note": None,
        "proof_reviewed_at": None,
        "created_at": created,
        "updated_at": created,
    }


# jobs ----------------------------------------------------------------------------------------
