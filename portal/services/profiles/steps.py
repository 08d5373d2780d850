"""The four profile steps (basics, credentials, availability, pay and privacy).

Every function that changes a profile commits once; the outbox hook notes the change for search
in the same transaction. Uploaded files are written before the commit and removed again if it
fails; replaced files are removed after it succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _

from portal import places, taxonomy, uploads
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import AvailabilitySlot, Profile, School, User, Visibility, utcnow
from portal.services.profiles.inputs import (
    MAX_TRAVEL_KM,
    MAX_WEEKLY_HOURS,
    MAX_YEARS,
    AvailabilityInput,
    Basics,
    PayPrivacy,
    hours_problem,
    pay_problem,
    ranges_problems,
    unknown_slugs,
)

P = ParamSpec("P")
T = TypeVar("T")


def profile_of(user: User) -> Profile | None:
    """The seeker's own profile, if they have started one."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(sa.select(Profile).where(Profile.user_id == user.id))


def once_more_if_created_twice(
    step: Callable[Concatenate[User, P], T],
) -> Callable[Concatenate[User, P], T]:
    """A double submit of a seeker's very first step can try to create two profiles; the
    database refuses the second (one profile per user), so that request runs again and
    updates the profile the first one created."""

    @wraps(step)
    def run(user: User, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return step(user, *args, **kwargs)
        except sa.exc.IntegrityError:
            db.session.rollback()
            return step(user, *args, **kwargs)

    return run


def ensure_profile(user: User) -> Profile:
    if not user.is_seeker:
        raise PermissionDenied(_("Only job seekers have a profile."))
    profile = profile_of(user)
    if profile is None:
        profile = Profile(user=user, steps_done=[])
        db.session.add(profile)
    return profile


def _mark_step(profile: Profile, step: str) -> None:
    if step not in (profile.steps_done or []):
        profile.steps_done = [*(profile.steps_done or []), step]


def _check_slugs(values: list[str], vocabulary: Mapping[str, object], field_name: str) -> list[str]:
    if unknown_slugs(values, vocabulary):
        raise ValidationFailed(_("Choose only from the list."), field=field_name)
    return list(dict.fromkeys(values))


def _check_int(value: int | None, low: int, high: int, field_name: str) -> int | None:
    if value is not None and not low <= value <= high:
        raise ValidationFailed(
            _("Enter a number from %(low)s to %(high)s.", low=low, high=high),
            field=field_name,
        )
    return value


def commit_with_files(new_files: list[str], old_files: list[str | None]) -> None:
    """Commit; on failure remove the files just written, on success the files replaced."""
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for name in new_files:
            uploads.delete(name)
        raise
    for old in old_files:
        uploads.delete(old)


@once_more_if_created_twice
def save_basics(user: User, data: Basics) -> Profile:
    """Step 1. Looks the city up offline; an unknown town is kept without coordinates."""
    headline = data.headline.strip()
    if not headline:
        raise ValidationFailed(_("Enter a short headline."), field="headline")
    if not data.role_types:
        raise ValidationFailed(_("Choose at least one kind of work."), field="role_types")
    if data.country not in taxonomy.COUNTRIES:
        raise ValidationFailed(_("Choose the country you live in."), field="country")
    region = places.region_code(data.country, data.region)
    if data.region.strip() and region is None:
        raise ValidationFailed(
            _("Enter a state of %(country)s, like %(example)s.",
                   country=taxonomy.COUNTRIES[data.country],
                   example="Texas" if data.country == "US" else "Kerala"),
            field="region",
        )  # fmt: skip
    profile = ensure_profile(user)
    school = None
    if data.school_id is not None:
        school = db.session.get(School, data.school_id)
        # Only verified schools are offered; a school named earlier may be kept.
        if school is None or not (school.is_verified or school.id == profile.school_id):
            raise ValidationFailed(_("Choose your school from the list."), field="school_id")
    profile.headline = headline
    profile.summary = data.summary.strip()
    profile.phone = data.phone.strip()
    profile.role_types = _check_slugs(data.role_types, taxonomy.ROLE_TYPES, "role_types")
    profile.years_experience = (
        _check_int(data.years_experience or 0, 0, MAX_YEARS, "years_experience") or 0
    )
    profile.specialties = _check_slugs(data.specialties, taxonomy.SPECIALTIES, "specialties")
    profile.code_sets = _check_slugs(data.code_sets, taxonomy.CODE_SETS, "code_sets")
    profile.systems = _check_slugs(data.systems, taxonomy.SYSTEMS, "systems")
    profile.languages = _check_slugs(data.languages, taxonomy.LANGUAGES, "languages")
    profile.education = data.education.strip()
    profile.school = school
    profile.new_graduate = data.new_graduate
    profile.career_break_years = _check_int(
        data.career_break_years, 0, MAX_YEARS, "career_break_years"
    )
    profile.country = data.country
    profile.region = region
    city = data.city.strip() or None
    profile.city = city
    place = places.find_city(data.country, city, region) if city else None
    profile.lat, profile.lng = (place.lat, place.lng) if place else (None, None)
    if place and not profile.timezone:
        profile.timezone = place.timezone
    _mark_step(profile, "basics")
    db.session.commit()
    return profile


@once_more_if_created_twice
def finish_credentials(user: User) -> Profile:
    """Step 2 is a list; "continue" records that the seeker has been through it."""
    profile = ensure_profile(user)
    _mark_step(profile, "credentials")
    db.session.commit()
    return profile


@once_more_if_created_twice
def save_availability(user: User, data: AvailabilityInput) -> Profile:
    """Step 3: time zone, the weekly hours grid, kinds of jobs and travel."""
    timezone = places.canonical_timezone(data.timezone)
    if timezone is None:
        raise ValidationFailed(
            _(
                "Enter a time zone we know: your city, an abbreviation such as IST, ET, CT or PT, "
                "or a name like Asia/Kolkata."
            ),
            field="timezone",
        )
    _check_int(data.hours_min, 0, MAX_WEEKLY_HOURS, "hours_min")
    _check_int(data.hours_max, 0, MAX_WEEKLY_HOURS, "hours_max")
    problem = hours_problem(data.hours_min, data.hours_max)
    if problem:
        raise ValidationFailed(problem, field="hours_max")
    problems = ranges_problems(data.ranges)
    if problems:
        raise ValidationFailed(problems[0], field="ranges")
    if not data.employment_types:
        raise ValidationFailed(_("Choose at least one kind of job."), field="employment_types")
    if not data.work_modes:
        raise ValidationFailed(_("Choose where you can work."), field="work_modes")
    employment_types = _check_slugs(
        data.employment_types, taxonomy.EMPLOYMENT_TYPES, "employment_types"
    )
    work_modes = _check_slugs(data.work_modes, taxonomy.WORK_MODES, "work_modes")
    if set(work_modes) & {"onsite", "hybrid"} and data.travel_km is None:
        raise ValidationFailed(
            _("Enter how far you can travel to work, in kilometres."), field="travel_km"
        )
    _check_int(data.travel_km, 0, MAX_TRAVEL_KM, "travel_km")

    profile = ensure_profile(user)
    profile.timezone = timezone
    profile.hours_min = data.hours_min
    profile.hours_max = data.hours_max
    profile.available_from = data.available_from
    profile.employment_types = employment_types
    profile.work_modes = work_modes
    profile.travel_km = data.travel_km
    profile.willing_to_relocate = data.willing_to_relocate
    wanted = sorted({(r.day, r.start, r.end) for r in data.ranges})
    current = sorted((s.day, s.start_minute, s.end_minute) for s in profile.availability)
    if wanted != current:
        profile.availability = [
            AvailabilitySlot(day=d, start_minute=s, end_minute=e) for d, s, e in wanted
        ]
    if user.timezone is None:  # pages then show times in the seeker's own zone
        user.timezone = timezone
    _mark_step(profile, "availability")
    db.session.commit()
    return profile


@once_more_if_created_twice
def save_pay_privacy(
    user: User,
    data: PayPrivacy,
    resume: uploads.CheckedFile | None = None,
    remove_resume: bool = False,
) -> Profile:
    """Step 4: pay expectation, privacy choices and the résumé."""
    problem = pay_problem(data.pay_min, data.pay_max)
    if problem:
        raise ValidationFailed(problem[1], field=problem[0])
    has_amount = data.pay_min is not None or data.pay_max is not None
    if has_amount and data.currency not in taxonomy.CURRENCIES:
        raise ValidationFailed(_("Choose the currency of the amount."), field="currency")
    if has_amount and data.pay_period not in taxonomy.PAY_PERIODS:
        raise ValidationFailed(
            _("Choose whether the amount is per hour, chart, month or year."),
            field="pay_period",
        )
    try:
        visibility = Visibility(data.visibility)
    except ValueError:
        raise ValidationFailed(_("Choose who can see your profile."), field="visibility")

    profile = ensure_profile(user)
    profile.pay_min, profile.pay_max = data.pay_min, data.pay_max
    profile.currency = data.currency if has_amount else None
    profile.pay_period = data.pay_period if has_amount else None
    profile.open_to_work = data.open_to_work
    profile.visibility = visibility
    profile.anonymous = data.anonymous
    new_files, old_files = [], []
    if resume is not None:
        stored = uploads.store(resume)
        new_files.append(stored)
        old_files.append(_set_resume(profile, resume, stored))
    elif remove_resume:
        old_files.append(_set_resume(profile, None, None))
    _mark_step(profile, "pay")
    commit_with_files(new_files, old_files)
    return profile


def _set_resume(
    profile: Profile, checked: uploads.CheckedFile | None, stored: str | None
) -> str | None:
    old = profile.resume_file
    profile.resume_file = stored
    profile.resume_name = (checked.original_name[:200] or "resume.pdf") if checked else None
    profile.resume_size = checked.size if checked else None
    profile.resume_uploaded_at = utcnow() if checked else None
    return old


def delete_resume(user: User) -> None:
    profile = profile_of(user)
    if profile is None or profile.resume_file is None:
        return
    commit_with_files([], [_set_resume(profile, None, None)])
