"""Jobs: the posting steps, the workflow (draft → preview → publish or review → closed, filled,
expired; renew, duplicate), and what other areas read from a job.

Other areas call:
- `is_publicly_visible(job)` / `publicly_visible_clause()`: published and not expired; the job
  page, its JSON-LD, the feed and the search documents all use it.
- `to_job_facts(job)`: the job as `portal.matching.JobFacts` for match scores.
- `render_markdown(text)` / `description_text(job)`: the description as safe HTML / plain text.

Every change to a job (or its offices and questions) writes a search outbox row through the hook
in `portal.models.outbox`; nothing here writes one by hand.
"""

from __future__ import annotations

import copy
import html as html_lib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

import markdown as markdown_lib
import nh3
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from portal import places, taxonomy
from portal.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.limits import JOB_TITLE_MAX
from portal.matching import JobFacts, Pay, TimeRange, validate_ranges, weekly_hours
from portal.models import (
    Job,
    JobOffice,
    JobStatus,
    Organization,
    ScreeningQuestion,
    User,
    organization_of,
    utcnow,
)
from portal.moderation import scam, text_review
from portal.services.organizations import is_member

DEFAULT_EXPIRY_DAYS = 30
MAX_EXPIRY_DAYS = 90
MAX_OFFICES = 3
MAX_SHIFT_PATTERNS = 3
MAX_QUESTIONS = 5
# After this many open reports from different people a live job waits for a moderator.
REPORTS_TO_HOLD = 3
# A new organization's jobs are all reviewed, verified or not, until it has had this many
# approved by a moderator and is this many days old (both).
NEW_ORGANIZATION_JOBS = 3
NEW_ORGANIZATION_DAYS = 30

# The posting steps in order; "preview" is the check-your-answers page before publishing.
STEPS: tuple[str, ...] = ("basics", "requirements", "schedule", "pay", "apply")
STEP_TITLES: dict[str, str] = {
    "basics": _l("About the job"),
    "requirements": _l("Who you are looking for"),
    "schedule": _l("Schedule and place"),
    "pay": _l("Pay and terms"),
    "apply": _l("Screening and how to apply"),
}
EQUIPMENT = {"provided": _l("Equipment provided"), "own": _l("Bring your own computer")}
APPLY_METHODS = {"portal": _l("On CoderMatch"), "external": _l("On our own website")}

LIVE = (JobStatus.PUBLISHED,)
EDITABLE = (
    JobStatus.DRAFT,
    JobStatus.PENDING_REVIEW,
    JobStatus.PUBLISHED,
    JobStatus.REJECTED,
)
CLOSABLE = (JobStatus.PUBLISHED, JobStatus.PENDING_REVIEW, JobStatus.EXPIRED)
FINISHED = (JobStatus.CLOSED, JobStatus.FILLED, JobStatus.EXPIRED)

__all__ = [
    "STEPS",
    "JobInvalid",
    "bulk_close",
    "close",
    "delete_draft",
    "description_text",
    "duplicate",
    "expire_due",
    "format_credential_groups",
    "is_closed_to_applicants",
    "is_publicly_visible",
    "mark_filled",
    "parse_credential_groups",
    "publicly_visible_clause",
    "publish",
    "publish_problems",
    "render_markdown",
    "renew",
    "save_step",
    "to_job_facts",
]


class JobInvalid(ValidationFailed):
    """Several problems at once, each with its field, so a form can show all of them."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        field, message = problems[0]
        super().__init__(message, field=field)
        self.problems = problems


# Visibility ---------------------------------------------------------------------------------


def is_publicly_visible(job: Job, now: datetime | None = None) -> bool:
    """Published and not expired: shown to everyone, indexed, in the feed, with JSON-LD."""
    if job.status != JobStatus.PUBLISHED:
        return False
    now = now or utcnow()
    return job.expires_at is None or job.expires_at > now


def publicly_visible_clause(now: datetime | None = None) -> sa.ColumnElement[bool]:
    """The same rule as `is_publicly_visible`, for `select(Job).where(...)`."""
    now = now or utcnow()
    return sa.and_(
        Job.status == JobStatus.PUBLISHED,
        sa.or_(Job.expires_at.is_(None), Job.expires_at > now),
    )


def is_closed_to_applicants(job: Job, now: datetime | None = None) -> bool:
    """Once public, now closed, filled or past its closing date: the page says so plainly."""
    if job.status in FINISHED:
        return True
    return job.status == JobStatus.PUBLISHED and not is_publicly_visible(job, now)


def can_view(user: User, job: Job) -> bool:
    """Who may open the job page: everyone once it has been public; before that (draft, in
    review, rejected) only its organization's members and administrators."""
    if is_publicly_visible(job) or is_closed_to_applicants(job):
        return True
    if getattr(user, "is_authenticated", False) and getattr(user, "is_admin", False):
        return True
    return is_member(user, job.organization)


def member_job(user: User, job_id: int) -> Job:
    """A job of the user's organization, else NotFound (never confirm another's job exists)."""
    job = db.session.get(Job, job_id)
    if job is None or not is_member(user, job.organization):
        raise NotFound(_("No such job."))
    return job


# Matching -----------------------------------------------------------------------------------


def shift_ranges(job: Job) -> list[TimeRange]:
    return [TimeRange(int(d), int(s), int(e)) for d, s, e in job.shift_windows or []]


def job_pay(job: Job) -> Pay | None:
    if job.pay_currency is None or job.pay_period is None:
        return None
    if job.pay_min is None and job.pay_max is None:
        return None
    return Pay(
        amount_min=float(job.pay_min) if job.pay_min is not None else None,
        amount_max=float(job.pay_max) if job.pay_max is not None else None,
        currency=job.pay_currency,
        period=job.pay_period,
    )


def to_job_facts(job: Job) -> JobFacts:
    """What `portal.matching.match` needs to know about this job."""
    remote = job.work_mode == "remote"
    return JobFacts(
        required_credential_groups=[list(group) for group in job.required_credentials or []],
        preferred_credentials=frozenset(job.preferred_credentials or []),
        specialties=frozenset(job.specialties or []),
        code_sets=frozenset(job.code_sets or []),
        systems=frozenset(job.systems or []),
        min_years=job.min_years or 0,
        new_graduates_welcome=bool(job.new_graduates_welcome),
        work_mode=job.work_mode,
        office_locations=[(o.lat, o.lng) for o in job.offices if o.lat is not None],
        applicant_countries=frozenset(job.applicant_countries or []) if remote else frozenset(),
        applicant_regions=frozenset(job.applicant_regions or []) if remote else frozenset(),
        timezone=job.timezone or "UTC",
        shift_windows=[] if job.schedule_flexible else shift_ranges(job),
        hours_min=job.hours_min,
        hours_max=job.hours_max,
        accepts_part_time=bool(job.accepts_part_time),
        employment_type=job.employment_type,
        pay=job_pay(job),
    )


def weekly_shift_hours(job: Job) -> float | None:
    """Hours a week the fixed shifts cover (None for flexible jobs)."""
    if job.schedule_flexible or not job.shift_windows:
        return None
    return weekly_hours(shift_ranges(job))


# Description --------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "hr",
}


def render_markdown(text: str | None) -> Markup:
    """Markdown as HTML that is safe to show: no script or style, no event attributes, links
    only to http(s) and mailto with rel="nofollow noopener"; headings start at h3 because the
    page already has h1 and h2."""
    if not text:
        return Markup("")
    return Markup(_markdown_html(text))  # noqa: S704 - nh3 output is sanitized HTML


_markdown_local = threading.local()


def _markdown_converter() -> markdown_lib.Markdown:
    """One converter per thread, reset between texts: building a `Markdown` costs a third of
    each conversion (a reindex converts every job's description)."""
    converter = getattr(_markdown_local, "converter", None)
    if converter is None:
        converter = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
        _markdown_local.converter = converter
    return converter


@lru_cache(maxsize=1024)
def _markdown_html(text: str) -> str:
    """Pure text -> sanitized HTML, cached per process: a job page renders its description
    twice (page and JSON-LD) and popular jobs are viewed over and over."""
    html = _markdown_converter().reset().convert(text)
    html = re.sub(
        r"<(/?)h([12])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}>", html
    )  # demote headings
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )
    return clean


def description_text(job: Job) -> str:
    """The description as plain text (for search documents, feeds and meta descriptions)."""
    return markdown_text(job.description)


# Markdown syntax that carries no words: line markers, links' targets, emphasis, code ticks.
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_LINE = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)", re.M
)
_MD_RULE = re.compile(
    r"^[ \t]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$", re.M
)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S.*$", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MD_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(
    r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*|(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)"
)
_MD_CODE = re.compile(r"(`+)(.+?)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_SPACE = re.compile(r"\s+")


def markdown_text(text: str | None) -> str:
    """Markdown as plain words, without rendering it: what a search document or a summary
    needs. The same words as the rendered, sanitized HTML with its tags stripped (raw HTML is
    removed with nh3 the same way, script and style content included), at a fraction of the
    cost: rendering was most of the time a full reindex spent on a job."""
    if not text:
        return ""
    text = _MD_AUTOLINK.sub(r"\1", _CONTROL.sub("", text))
    text = nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
    text = html_lib.unescape(text)
    text = _MD_RULE.sub(" ", text)
    text = _MD_LINE.sub("", text)
    text = _MD_REFERENCE.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\2", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EM.sub(lambda m: m.group(1) or m.group(2), text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


# Credentials --------------------------------------------------------------------------------

_GROUP_SPLIT = re.compile(r"\s+and\s+|\s*[;&+]\s*", re.IGNORECASE)
_ALT_SPLIT = re.compile(r"\s+or\s+|\s*[,/|]\s*", re.IGNORECASE)


def parse_credential_groups(text: str) -> list[list[str]]:
    """ "RHIT and (CCS or CIC)" → [["RHIT"], ["CCS", "CIC"]]. Raises JobInvalid naming the
    unknown codes. "and" (or ";") separates requirements; "or" (or "," "/") alternatives."""
    text = (text or "").strip()
    if not text:
        return []
    groups: list[list[str]] = []
    unknown: list[str] = []
    for part in _GROUP_SPLIT.split(text):
        part = part.strip().strip("()").strip()
        if not part:
            continue
        codes: list[str] = []
        for raw in _ALT_SPLIT.split(part):
            code = raw.strip().strip("()").strip().upper()
            if not code:
                continue
            if code not in taxonomy.CREDENTIALS or code == "OTHER":
                unknown.append(raw.strip().strip("()"))
            elif code not in codes:
                codes.append(code)
        if codes:
            groups.append(codes)
    if unknown:
        raise JobInvalid(
            [
                (
                    "required_credentials",
                    _(
                        "We do not know the credential %(codes)s. "
                        "Use codes like CPC, CCS, RHIT, CIC or CRC.",
                        codes=", ".join(f'"{u}"' for u in unknown),
                    ),
                )
            ]
        )
    return groups


def format_credential_groups(groups: Iterable[Iterable[str]]) -> str:
    """[["RHIT"], ["CCS", "CIC"]] → "RHIT and (CCS or CIC)"."""
    parts = []
    for group in groups:
        codes = list(group)
        if len(codes) == 1:
            parts.append(codes[0])
        elif codes:
            parts.append("(" + " or ".join(codes) + ")")
    return " and ".join(parts)


# Places -------------------------------------------------------------------------------------


def locate(city: str, region: str | None, country: str) -> tuple[float, float] | None:
    """(lat, lng) of a city from the offline gazetteer (`portal.places`), preferring the state."""
    place = places.find_city(country.upper(), city, region)
    return (place.lat, place.lng) if place is not None else None


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


# Validation, step by step -------------------------------------------------------------------


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _slugs(values: Iterable[str] | None, allowed: dict[str, Any]) -> tuple[list[str], list[str]]:
    kept, unknown = [], []
    for value in values or []:
        if value in allowed:
            if value not in kept:
                kept.append(value)
        else:
            unknown.append(str(value))
    return kept, unknown


def _check_basics(data: dict[str, Any]) -> tuple[dict[str, Any], list]:
    problems: list[tuple[str | None, str]] = []
    title = _text(data, "title")
    if not title:
        problems.append(("title", _("Enter the job title, for example Remote CPC coder.")))
    elif len(title) > JOB_TITLE_MAX:
        problems.append(
            ("title", _("Use at most %(n)s characters for the title.", n=JOB_TITLE_MAX))
        )
    role_type = data.get("role_type")
    if role_type not in taxonomy.ROLE_TYPES:
        problems.append(("role_type", _("Choose the kind of role.")))
    employment_type = data.get("employment_type")
    if employment_type not in taxonomy.EMPLOYMENT_TYPES:
        problems.append(("employment_type", _("Choose full time, part time or another type.")))
    openings = _int(data.get("openings"))
    if openings is None:
        openings = 1
    if not 1 <= openings <= 999:
        problems.append(("openings", _("Enter a number of openings between 1 and 999.")))
    description = (data.get("description") or "").strip()
    if len(description) < 30:
        problems.append(
            (
                "description",
                _(
                    "Describe the job in a few sentences: the work, the team and what a day "
                    "looks like (at least 30 characters)."
                ),
            )
        )
    elif len(description) > 20000:
        problems.append(("description", _("Use at most 20,000 characters for the description.")))
    values = {
        "title": title,
        "role_type": role_type,
        "employment_type": employment_type,
        "openings": openings,
        "description": description,
    }
    return values, problems


def _check_requirements(data: dict[str, Any]) -> tuple[dict[str, Any], list]:
    problems: list[tuple[str | None, str]] = []
    required = data.get("required_credentials") or []
    if isinstance(required, str):
        try:
            required = parse_credential_groups(required)
        except JobInvalid as error:
            problems += error.problems
            required = []
    else:
        groups = []
        for group in required:
            codes, unknown = _slugs(group, taxonomy.CREDENTIALS)
            if unknown or "OTHER" in codes:
                problems.append(
                    (
                        "required_credentials",
                        _(
                            "We do not know the credential %(codes)s. "
                            "Use codes like CPC, CCS, RHIT, CIC or CRC.",
                            codes=", ".join(unknown) or "OTHER",
                        ),
                    )
                )
            if codes:
                groups.append(codes)
        required = groups
    preferred, unknown = _slugs(data.get("preferred_credentials"), taxonomy.CREDENTIALS)
    if unknown:
        problems.append(("preferred_credentials", _("Choose credentials from the list.")))
    lists = {}
    for key, table in (
        ("specialties", taxonomy.SPECIALTIES),
        ("code_sets", taxonomy.CODE_SETS),
        ("systems", taxonomy.SYSTEMS),
    ):
        lists[key], unknown = _slugs(data.get(key), table)
        if unknown:
            problems.append((key, _("Choose from the list.")))
    min_years = _int(data.get("min_years"))
    if min_years is None:
        min_years = 0
    if not 0 <= min_years <= 40:
        problems.append(("min_years", _("Enter the years of experience as a number from 0 to 40.")))
    values = {
        "required_credentials": required,
        "preferred_credentials": preferred,
        **lists,
        "min_years": min_years,
        "new_graduates_welcome": bool(data.get("new_graduates_welcome")),
        "training_provided": bool(data.get("training_provided")),
    }
    return values, problems


def overnight_problem(start: int, end: int, next_day: bool | None) -> str | None:
    """One convention for night hours on both sides (seekers' availability, employers'
    shifts): an end earlier than the start is the next day, and the person says so by ticking
    "Ends the next day". `next_day=None` (data not typed into a form, e.g. the demo) lets the
    times decide. Ending at midnight (00:00) needs no tick."""
    if next_day is None or (end % 1440 == 0 and start > 0):
        return None
    if end < start and not next_day:
        return _(
            'the end is earlier than the start. Tick "Ends the next day" for a night shift, '
            "or correct the time."
        )
    if end > start and next_day:
        return _('this would be longer than a day: untick "Ends the next day".')
    return None


def office_timezone(offices: list[dict[str, Any]]) -> str | None:
    """The zone of the first office whose city (else state, else country) we know:
    Houston → America/Chicago, not the organization's default."""
    for office in offices:
        zone = places.suggest_timezone(office["country"], office.get("region"), office["city"])
        if zone:
            return zone
    return None


def _parse_time(text: str) -> int | None:
    try:
        return TimeRange.parse(text or "", text or "", 0).start
    except ValueError:
        return None


def _check_schedule(data: dict[str, Any]) -> tuple[dict[str, Any], list]:
    problems: list[tuple[str | None, str]] = []
    work_mode = data.get("work_mode")
    if work_mode not in taxonomy.WORK_MODES:
        problems.append(("work_mode", _("Choose where the work is done.")))

    offices = []
    for i, office in enumerate(data.get("offices") or [], start=1):
        city = (office.get("city") or "").strip()
        country = (office.get("country") or "").strip().upper()
        region = (office.get("region") or "").strip() or None
        if not city and not country:
            continue
        if not city:
            problems.append((f"office{i}_city", _("Office %(n)s: enter the city.", n=i)))
            continue
        if len(city) > 120:
            problems.append(
                (f"office{i}_city", _("Office %(n)s: use at most 120 characters.", n=i))
            )
            continue
        if country not in taxonomy.COUNTRIES:
            problems.append((f"office{i}_country", _("Office %(n)s: choose the country.", n=i)))
            continue
        if region is not None:
            if country in places.REGIONS:
                code = places.region_code(country, region)
                if code is None:
                    problems.append(
                        (
                            f"office{i}_region",
                            _(
                                "Office %(n)s: enter a state of %(country)s, like TX or Texas.",
                                n=i,
                                country=taxonomy.label(taxonomy.COUNTRIES, country),
                            ),
                        )
                    )
                    continue
                region = code
            elif len(region) > 64:
                problems.append(
                    (f"office{i}_region", _("Office %(n)s: use at most 64 characters.", n=i))
                )
                continue
        offices.append({"city": city, "region": region, "country": country})
    if len(offices) > MAX_OFFICES:
        problems.append(("office1_city", _("List at most %(n)s offices.", n=MAX_OFFICES)))
    if (
        work_mode in ("onsite", "hybrid")
        and not offices
        and not any(f and f.startswith("office") for f, _m in problems)
    ):
        problems.append(("office1_city", _("Enter the city of the office where the work is done.")))

    countries, unknown = _slugs(
        [c.upper() for c in data.get("applicant_countries") or []], taxonomy.COUNTRIES
    )
    if unknown:
        problems.append(("applicant_countries", _("Choose countries from the list.")))
    regions: list[str] = []
    for code in data.get("applicant_regions") or []:
        country, _sep, region = str(code).upper().partition("-")
        table = taxonomy.REGIONS.get(country)
        if table is None or region not in table:
            problems.append(("applicant_regions", _("Choose states from the lists.")))
            break
        if f"{country}-{region}" not in regions:
            regions.append(f"{country}-{region}")
    for code in regions:
        country = code.split("-", 1)[0]
        if country not in countries:
            countries.append(country)
    if work_mode == "remote" and not countries:
        problems.append(
            (
                "applicant_countries",
                _(
                    "Choose the countries applicants may live in. Remote jobs must say where "
                    "people can work from."
                ),
            )
        )

    timezone = data.get("timezone") or ""
    if not timezone:  # "the office's zone": from the first office's city (save_step falls
        timezone = office_timezone(offices)  # back on the organization's country)
    elif timezone not in known_timezones():
        problems.append(("timezone", _("Choose the time zone of the shift times.")))

    flexible = bool(data.get("schedule_flexible"))
    windows: list[list[int]] = []
    if not flexible:
        seen_any = False
        for i, pattern in enumerate(data.get("shift_patterns") or [], start=1):
            days = [int(d) for d in pattern.get("days") or [] if str(d).isdigit()]
            start_text, end_text = pattern.get("start") or "", pattern.get("end") or ""
            if not days and not start_text and not end_text:
                continue
            seen_any = True
            if not days or any(not 0 <= d <= 6 for d in days):
                problems.append(
                    (f"shift{i}_days", _("Shift %(n)s: choose the days it is worked.", n=i))
                )
                continue
            start, end = _parse_time(start_text), _parse_time(end_text)
            if start is None or start >= 1440:
                problems.append(
                    (f"shift{i}_start", _("Shift %(n)s: enter a start time like 09:00.", n=i))
                )
                continue
            if end is None:
                problems.append(
                    (f"shift{i}_end", _("Shift %(n)s: enter an end time like 17:30.", n=i))
                )
                continue
            if end % 1440 == start:
                problems.append(
                    (
                        f"shift{i}_end",
                        _("Shift %(n)s: the end time must differ from the start time.", n=i),
                    )
                )
                continue
            problem = overnight_problem(start, end, pattern.get("next_day"))
            if problem:
                problems.append(
                    (f"shift{i}_end", _("Shift %(n)s: %(problem)s", n=i, problem=problem))
                )
                continue
            windows += [[d, start, end] for d in sorted(set(days))]
        if not seen_any:
            problems.append(
                (
                    "shift1_days",
                    _(
                        "Enter the shift: the days and the start and end times. Or choose "
                        "flexible hours."
                    ),
                )
            )
        elif windows:
            overlaps = validate_ranges(TimeRange(d, s, e) for d, s, e in windows)
            if overlaps:
                problems.append(
                    (
                        "shift1_days",
                        _("Shifts overlap: %(overlaps)s.", overlaps="; ".join(overlaps)),
                    )
                )

    hours_min, hours_max = _int(data.get("hours_min")), _int(data.get("hours_max"))
    for key, value in (("hours_min", hours_min), ("hours_max", hours_max)):
        if value is not None and not 1 <= value <= 80:
            problems.append((key, _("Enter weekly hours between 1 and 80.")))
    if flexible and hours_min is None and hours_max is None:
        problems.append(("hours_min", _("Enter the fewest hours a week you need someone to work.")))
    if hours_min is not None and hours_max is not None and hours_min > hours_max:
        problems.append(
            ("hours_max", _("The most hours a week must be at least the fewest hours a week."))
        )
    accepts_part_time = bool(data.get("accepts_part_time")) and not flexible
    if windows and hours_min is not None and not problems:
        window_hours = weekly_hours(TimeRange(d, s, e) for d, s, e in windows)
        if not accepts_part_time and hours_min + 1e-9 < window_hours:
            problems.append(
                (
                    "hours_min",
                    _(
                        "Without part-time or split shifts everyone works all the shift hours "
                        "(%(hours)s a week). Leave the fewest hours empty, or say that you "
                        "take part-time or split shifts.",
                        hours=f"{window_hours:g}",
                    ),
                )
            )
        elif hours_min > window_hours + 1e-9:
            hours = f"{window_hours:g}"
            problems.append(
                (
                    "hours_min",
                    _(
                        "The shifts add up to %(hours)s hours a week; the fewest hours "
                        "cannot be more than that.",
                        hours=hours,
                    ),
                )
            )

    values = {
        "work_mode": work_mode,
        "offices": offices,
        "applicant_countries": countries if work_mode == "remote" else [],
        "applicant_regions": regions if work_mode == "remote" else [],
        "timezone": timezone,
        "schedule_flexible": flexible,
        "shift_windows": [] if flexible else windows,
        "accepts_part_time": accepts_part_time,
        "hours_min": hours_min,
        "hours_max": hours_max,
    }
    return values, problems


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check_pay(data: dict[str, Any]) -> tuple[dict[str, Any], list]:
    problems: list[tuple[str | None, str]] = []
    raw_min, raw_max = data.get("pay_min"), data.get("pay_max")
    pay_min, pay_max = _decimal(raw_min), _decimal(raw_max)
    if pay_min is None:
        problems.append(("pay_min", _("Enter the lowest pay, for example 25 or 25000.")))
    for key, value, raw in (("pay_min", pay_min, raw_min), ("pay_max", pay_max, raw_max)):
        if value is None and raw not in (None, "") and key == "pay_max":
            problems.append((key, _("Enter the highest pay as a number, or leave it empty.")))
        elif value is not None and not Decimal("0.01") <= value <= Decimal("99999999"):
            problems.append((key, _("Enter an amount above 0 and below 100,000,000.")))
    if pay_min is not None and pay_max is not None and pay_min > pay_max:
        problems.append(
            (
                "pay_max",
                _("The highest pay must be at least the lowest pay. Check the two amounts."),
            )
        )
    currency = data.get("pay_currency")
    if currency not in taxonomy.CURRENCIES:
        problems.append(("pay_currency", _("Choose the currency of the pay.")))
    period = data.get("pay_period")
    if period not in taxonomy.PAY_PERIODS:
        problems.append(
            ("pay_period", _("Choose how often the pay is counted: an hour, a month..."))
        )
    charts = _int(data.get("charts_per_day"))
    if charts is not None and not 1 <= charts <= 2000:
        problems.append(("charts_per_day", _("Enter charts a day as a number from 1 to 2,000.")))
    qa = _int(data.get("qa_accuracy"))
    if qa is not None and not 50 <= qa <= 100:
        problems.append(("qa_accuracy", _("Enter the accuracy as a percentage from 50 to 100.")))
    equipment = data.get("equipment") or None
    if equipment is not None and equipment not in EQUIPMENT:
        problems.append(("equipment", _("Choose who provides the computer.")))
    weeks = _int(data.get("onsite_training_weeks"))
    if weeks is not None and not 0 <= weeks <= 52:
        problems.append(("onsite_training_weeks", _("Enter a number of weeks from 0 to 52.")))
    values = {
        "pay_min": pay_min,
        "pay_max": pay_max,
        "pay_currency": currency,
        "pay_period": period,
        "charts_per_day": charts,
        "qa_accuracy": qa,
        "equipment": equipment,
        "onsite_training_weeks": weeks,
        "no_dependent_care": bool(data.get("no_dependent_care")),
    }
    return values, problems


def _expiry_bounds(today: date | None = None) -> tuple[date, date]:
    today = today or utcnow().date()
    return today, today + timedelta(days=MAX_EXPIRY_DAYS)


def expiry_from_date(day: date) -> datetime:
    """A closing date means the job stays up through that whole day (UTC)."""
    return datetime.combine(day, time(23, 59, 59))


def default_expiry(now: datetime | None = None) -> datetime:
    now = now or utcnow()
    return expiry_from_date((now + timedelta(days=DEFAULT_EXPIRY_DAYS)).date())


def _check_apply(data: dict[str, Any]) -> tuple[dict[str, Any], list]:
    problems: list[tuple[str | None, str]] = []
    questions = []
    for i, question in enumerate(data.get("questions") or [], start=1):
        text = (question.get("text") or "").strip()
        if not text:
            if question.get("must_be_yes"):
                problems.append(
                    (f"question{i}_text", _("Question %(n)s: enter the question.", n=i))
                )
            continue
        if len(text) > 300:
            problems.append(
                (f"question{i}_text", _("Question %(n)s: use at most 300 characters.", n=i))
            )
            continue
        questions.append({"text": text, "must_be_yes": bool(question.get("must_be_yes"))})
    if len(questions) > MAX_QUESTIONS:
        problems.append(("question1_text", _("Ask at most %(n)s questions.", n=MAX_QUESTIONS)))
    method = data.get("apply_method")
    if method not in APPLY_METHODS:
        problems.append(("apply_method", _("Choose how people apply.")))
    url = _text(data, "apply_url") or None
    if method == "external":
        if not url:
            problems.append(("apply_url", _("Enter the address of the page where people apply.")))
        else:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problems.append(
                    (
                        "apply_url",
                        _(
                            "Enter a web address that starts with https:// or http://, like "
                            "https://careers.example.com/job/123."
                        ),
                    )
                )
            elif len(url) > 500:
                problems.append(("apply_url", _("Use a web address of at most 500 characters.")))
    else:
        url = None
    expires_on = data.get("expires_on")
    expires_at = None
    if expires_on is not None:
        if isinstance(expires_on, datetime):
            expires_on = expires_on.date()
        first, last = _expiry_bounds()
        if expires_on < first:
            problems.append(
                ("expires_on", _("The closing date is in the past. Choose a later date."))
            )
        elif expires_on > last:
            problems.append(
                (
                    "expires_on",
                    _(
                        "Choose a closing date at most %(days)s days from today "
                        "(by %(last)s). You can renew the job later.",
                        days=MAX_EXPIRY_DAYS,
                        last=last.isoformat(),
                    ),
                )
            )
        else:
            expires_at = expiry_from_date(expires_on)
    values = {
        "questions": questions,
        "apply_method": method,
        "apply_url": url,
        "expires_at": expires_at,
    }
    return values, problems


CHECKS = {
    "basics": _check_basics,
    "requirements": _check_requirements,
    "schedule": _check_schedule,
    "pay": _check_pay,
    "apply": _check_apply,
}


def check_step(step: str, data: dict[str, Any]) -> dict[str, Any]:
    """The step's cleaned values, or JobInvalid with every problem and its field."""
    if step not in CHECKS:
        raise NotFound(_("No such step."))
    values, problems = CHECKS[step](data)
    if problems:
        raise JobInvalid(problems)
    return values


def _apply_values(job: Job, values: dict[str, Any]) -> None:
    offices = values.pop("offices", None)
    questions = values.pop("questions", None)
    for key, value in values.items():
        setattr(job, key, value)
    # Children get the job's id up front (when it has one) so the outbox hook sees one change
    # to one job, not a second note after the flush.
    if offices is not None:
        job.offices.clear()
        for position, office in enumerate(offices):
            lat_lng = locate(office["city"], office["region"], office["country"])
            job.offices.append(
                JobOffice(
                    job_id=job.id,
                    position=position,
                    **office,
                    lat=lat_lng[0] if lat_lng else None,
                    lng=lat_lng[1] if lat_lng else None,
                )
            )
    if questions is not None:
        job.questions.clear()
        for position, question in enumerate(questions):
            job.questions.append(ScreeningQuestion(job_id=job.id, position=position, **question))


# Moderation rules ---------------------------------------------------------------------------


def job_texts(job: Job) -> list[str | None]:
    """Everything the employer wrote on the job that a seeker reads."""
    return [job.title, job.description, job.apply_url, *(q.text for q in job.questions)]


def text_scan(job: Job) -> scam.Scan:
    """The job's text read sentence by sentence for money demands and contact details."""
    return scam.scan(*job_texts(job))


def on_probation(organization: Organization, now: datetime | None = None) -> bool:
    """True while the organization is new: younger than NEW_ORGANIZATION_DAYS or with fewer
    than NEW_ORGANIZATION_JOBS jobs a moderator approved. Verification alone does not end it
    (a verified newcomer could otherwise publish anything at once); the moment it ends is
    remembered in `established_at` (the caller commits)."""
    if organization.established_at is not None:
        return False
    now = now or utcnow()
    if organization.created_at > now - timedelta(days=NEW_ORGANIZATION_DAYS):
        return True
    approved = db.session.scalar(
        sa.select(sa.func.count(Job.id)).where(
            Job.organization_id == organization.id,
            Job.reviewed_by_id.is_not(None),
            Job.published_at.is_not(None),
            Job.status != JobStatus.REJECTED,
        )
    )
    if (approved or 0) < NEW_ORGANIZATION_JOBS:
        return True
    organization.established_at = now
    return False


def hold_reasons(job: Job) -> list[dict[str, Any]]:
    """Why this job must wait for a moderator before it is public; empty when it need not.

    A job a moderator approved is not held again for what they saw: only for sentences flagged
    since (a new demand, a changed amount or channel), new contact details or a new reason."""
    approved = job.approved_fingerprint or {}
    seen_sentences = set(approved.get("sentences", []))
    seen_contacts = set(approved.get("contacts", []))
    seen_codes = set(approved.get("codes", []))
    reasons: list[dict[str, Any]] = []
    if not job.organization.is_verified and "unverified_organization" not in seen_codes:
        reasons.append({"code": "unverified_organization"})
    elif on_probation(job.organization) and "new_organization" not in seen_codes:
        reasons.append({"code": "new_organization"})
    found = text_scan(job)
    new_sentences = [s for s in found.flagged if s.fingerprint not in seen_sentences]
    if new_sentences:
        reasons.append(
            {
                "code": "money",
                "score": max(s.reading.score for s in new_sentences),
                "sentences": [s.as_dict() for s in new_sentences],
            }
        )
    new_contacts = [c for c in found.contacts if c not in seen_contacts]
    if new_contacts:
        reasons.append({"code": "contact", "details": new_contacts})
    if job.was_rejected:
        reasons.append({"code": "resubmitted", "note": job.moderation_note or ""})
    return reasons


def approval_fingerprint(job: Job) -> dict[str, list[str]]:
    """What a moderator approved: the flagged sentences, the contact details and the reasons,
    so an edit elsewhere (the pay, the hours) does not send the job back for the same thing."""
    found = text_scan(job)
    return {
        "sentences": sorted(found.fingerprints),
        "contacts": sorted(found.contacts),
        "codes": sorted({r.get("code", "") for r in job.held_reasons or []} - {""}),
    }


# Said to the employer instead of what was flagged: naming the phrases teaches evasion.
CHECKED_BY_TEAM = _l("Your job will be checked by our team before it goes live.")
_TEXT_REASONS = frozenset({"money", "contact"})


def employer_hold_texts(reasons: list[dict[str, Any]]) -> list[str]:
    """A held job's reasons as the employer reads them: never the sentences or phrases."""
    texts: list[str] = []
    for reason in reasons:
        text = (
            str(CHECKED_BY_TEAM)
            if reason.get("code") in _TEXT_REASONS
            else hold_reason_text(reason)
        )
        if text not in texts:
            texts.append(text)
    return texts


def moderation_card(job: Job) -> text_review.ModerationCard:
    """The held job's texts with the sentences it was held for marked."""
    sentences = [
        s
        for r in job.held_reasons or []
        if r.get("code") == "money"
        for s in r.get("sentences", [])
    ]
    return text_review.card(
        [
            (_("Title"), job.title),
            (_("Description"), job.description),
            *((_("Screening question"), q.text) for q in job.questions),
            (_("Apply link"), job.apply_url),
        ],
        sentences,
    )


def hold_reason_text(reason: dict[str, Any]) -> str:
    """A held job's reason in plain words for the moderator (see `employer_hold_texts`)."""
    code = reason.get("code")
    if code == "unverified_organization":
        return _("The organization is not verified yet.")
    if code == "money":
        if "sentences" in reason:
            return _(
                "Seems to ask applicants for money (score %(score)s): %(count)s highlighted "
                "sentence(s).",
                score=reason.get("score", 0),
                count=len(reason["sentences"]),
            )
        phrases = ", ".join(f"“{p}”" for p in reason.get("phrases", []))
        return _("The posting seems to ask applicants for money: %(phrases)s.", phrases=phrases)
    if code == "contact":
        return _(
            "Gives contact details that take seekers off the platform: %(details)s.",
            details=", ".join(reason.get("details", [])),
        )
    if code == "resubmitted":
        note = reason.get("note")
        if note:
            return _("Sent again after it was rejected (the reason was: %(note)s).", note=note)
        return _("Sent again after it was rejected.")
    if code == "reported":
        if "count" in reason:
            return _("Reported by %(count)s visitors.", count=reason["count"])
        return _("Reported by several visitors.")
    if code == "edited":
        return _("Changed after it was approved.")
    if code == "new_organization":
        return _(
            "The organization is new: its first %(jobs)s jobs and its first %(days)s days are "
            "reviewed.",
            jobs=NEW_ORGANIZATION_JOBS,
            days=NEW_ORGANIZATION_DAYS,
        )
    if code == "sent_before_verification":
        return _("Sent before the organization was verified.")
    if code == "reported_by_applicant":
        return _("Someone who applied or was contacted reported it asks for money.")
    return str(code)


def _go_live_or_hold(job: Job, now: datetime) -> None:
    reasons = hold_reasons(job)
    if reasons:
        job.status = JobStatus.PENDING_REVIEW
        job.held_reasons = reasons
        job.submitted_at = now
    else:
        job.status = JobStatus.PUBLISHED
        job.held_reasons = []
        job.published_at = job.published_at or now
        job.submitted_at = job.submitted_at or now


# The posting steps --------------------------------------------------------------------------


def _require_org_member(user: User, job: Job) -> None:
    if not is_member(user, job.organization):
        raise NotFound(_("No such job."))


def save_step(user: User, job: Job | None, step: str, data: dict[str, Any]) -> Job:
    """Check and save one step; `job=None` with step "basics" starts a draft.

    Nothing is saved when any field is wrong (JobInvalid lists them all). A change to a live job
    is checked again: if it now asks for money, or the organization is unverified, it goes back
    to the review queue.
    """
    try:
        return _save_step(user, job, step, data)
    except ValidationFailed:
        db.session.rollback()  # the page shows the job as saved, never half-changed
        raise


def _save_step(user: User, job: Job | None, step: str, data: dict[str, Any]) -> Job:
    if job is None:
        organization = organization_of(user)
        if organization is None:
            raise PermissionDenied(_("Create your organization before posting a job."))
        if step != "basics":
            raise NotFound(_("Start with the first step."))
        values = check_step(step, data)
        job = Job(
            organization=organization,
            created_by_id=user.id,
            status=JobStatus.DRAFT,
            timezone=_default_timezone(organization),
        )
        db.session.add(job)
    else:
        _require_org_member(user, job)
        if job.status not in EDITABLE:
            raise Conflict(
                _("This job is closed and can no longer be changed. Duplicate it to post it again.")
            )
        values = check_step(step, data)
    if values.get("timezone", "") is None:  # no office city to take the zone from
        values["timezone"] = _default_timezone(job.organization)
    # One flush at commit: one search outbox row per saved step, not one per lazy load.
    with db.session.no_autoflush:
        _apply_values(job, values)
        order = (*STEPS, "preview")
        reached = order.index(step) + 1
        if reached > (order.index(job.last_step) if job.last_step in order else 0):
            job.last_step = order[reached]
        job.updated_at = utcnow()
        if job.status == JobStatus.PUBLISHED:
            reasons = hold_reasons(job)
            if reasons:
                job.status = JobStatus.PENDING_REVIEW
                job.held_reasons = reasons + [{"code": "edited"}]
                job.submitted_at = utcnow()
        elif job.status == JobStatus.PENDING_REVIEW:
            kept = [r for r in job.held_reasons or [] if r.get("code") in ("reported", "edited")]
            job.held_reasons = hold_reasons(job) + kept
    db.session.commit()
    return job


def _default_timezone(organization: Organization) -> str:
    return {
        "US": "America/New_York",
        "IN": "Asia/Kolkata",
        "SA": "Asia/Riyadh",
        "AE": "Asia/Dubai",
        "QA": "Asia/Qatar",
        "KW": "Asia/Kuwait",
        "OM": "Asia/Muscat",
        "BH": "Asia/Bahrain",
        "PH": "Asia/Manila",
        "GB": "Europe/London",
        "CA": "America/Toronto",
        "AU": "Australia/Sydney",
        "EG": "Africa/Cairo",
        "JO": "Asia/Amman",
        "PK": "Asia/Karachi",
    }.get(organization.country, "UTC")


LOCAL_CURRENCY = {
    "US": "USD",
    "IN": "INR",
    "SA": "SAR",
    "AE": "AED",
    "QA": "QAR",
    "KW": "KWD",
    "OM": "OMR",
    "BH": "BHD",
    "PH": "PHP",
    "GB": "GBP",
    "CA": "CAD",
    "AU": "AUD",
}


def pay_defaults(organization: Organization) -> tuple[str, str]:
    """The currency and period an organization most likely pays in: "$ an hour" in the US,
    "₹ a month" in India and the Gulf. Only a starting value for the form."""
    currency = LOCAL_CURRENCY.get(organization.country, "USD")
    return currency, "hour" if organization.country in ("US", "CA") else "month"


def publish_problems(job: Job, now: datetime | None = None) -> list[tuple[str, str]]:
    """What stops publishing, as (step, message): every step checked against the saved job."""
    now = now or utcnow()
    saved = job_step_data(job)
    problems: list[tuple[str, str]] = []
    for step in STEPS:
        _values, step_problems = CHECKS[step](saved[step])
        problems += [(step, message) for _field, message in step_problems]
    if job.expires_at is not None and job.expires_at <= now:
        problems.append(("apply", _("The closing date has passed. Choose a new one.")))
    return problems


def job_step_data(job: Job) -> dict[str, dict[str, Any]]:
    """The saved job as the data each step accepts (used to re-check and to fill forms)."""
    patterns: dict[tuple[int, int], list[int]] = {}
    for d, s, e in job.shift_windows or []:
        patterns.setdefault((s, e), []).append(d)
    return {
        "basics": {
            "title": job.title,
            "role_type": job.role_type,
            "employment_type": job.employment_type,
            "openings": job.openings,
            "description": job.description,
        },
        "requirements": {
            "required_credentials": job.required_credentials or [],
            "preferred_credentials": job.preferred_credentials or [],
            "specialties": job.specialties or [],
            "code_sets": job.code_sets or [],
            "systems": job.systems or [],
            "min_years": job.min_years,
            "new_graduates_welcome": job.new_graduates_welcome,
            "training_provided": job.training_provided,
        },
        "schedule": {
            "work_mode": job.work_mode,
            "offices": [
                {"city": o.city, "region": o.region, "country": o.country} for o in job.offices
            ],
            "applicant_countries": job.applicant_countries or [],
            "applicant_regions": job.applicant_regions or [],
            "timezone": _timezone_choice(job),
            "schedule_flexible": job.schedule_flexible,
            "shift_patterns": [
                {"days": days, "start": _hhmm(s), "end": _hhmm(e), "next_day": e < s}
                for (s, e), days in patterns.items()
            ],
            "accepts_part_time": job.accepts_part_time,
            "hours_min": job.hours_min,
            "hours_max": job.hours_max,
        },
        "pay": {
            "pay_min": job.pay_min,
            "pay_max": job.pay_max,
            "pay_currency": job.pay_currency,
            "pay_period": job.pay_period,
            "charts_per_day": job.charts_per_day,
            "qa_accuracy": job.qa_accuracy,
            "equipment": job.equipment,
            "onsite_training_weeks": job.onsite_training_weeks,
            "no_dependent_care": job.no_dependent_care,
        },
        "apply": {
            "questions": [{"text": q.text, "must_be_yes": q.must_be_yes} for q in job.questions],
            "apply_method": job.apply_method,
            "apply_url": job.apply_url,
            # Re-checked separately in publish_problems (a stale date is not a form error).
            "expires_on": None,
        },
    }


def _timezone_choice(job: Job) -> str:
    """ "" ("the office's zone") while the job's zone is its first office's, or while the
    schedule was never saved (the organization's default is only a placeholder then)."""
    offices = [{"city": o.city, "region": o.region, "country": o.country} for o in job.offices]
    never_saved = job.last_step in STEPS[: STEPS.index("schedule") + 1] and not offices
    if never_saved or (offices and job.timezone == office_timezone(offices)):
        return ""
    return job.timezone


def _hhmm(minutes: int) -> str:
    if minutes == 1440:
        return "24:00"
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Workflow -----------------------------------------------------------------------------------


def publish(user: User, job: Job, now: datetime | None = None) -> JobStatus:
    """Publish a draft (or send it again after a rejection). Jobs of unverified organizations,
    postings that ask for money and resubmissions wait for a moderator instead."""
    _require_org_member(user, job)
    if job.status not in (JobStatus.DRAFT, JobStatus.REJECTED):
        raise Conflict(_("This job was already sent. Refresh the page to see where it stands."))
    now = now or utcnow()
    problems = publish_problems(job, now)
    if problems:
        raise JobInvalid([(step, message) for step, message in problems])
    with db.session.no_autoflush:
        if job.expires_at is None:
            job.expires_at = default_expiry(now)
        _go_live_or_hold(job, now)
    db.session.commit()
    return job.status


def close(user: User, job: Job, *, filled: bool = False, now: datetime | None = None) -> None:
    """Stop taking applications. A filled job says so; both keep their public page."""
    _require_org_member(user, job)
    allowed = CLOSABLE + ((JobStatus.CLOSED,) if filled else ())
    if job.status not in allowed:
        raise Conflict(_("Only a published, waiting or expired job can be closed."))
    job.status = JobStatus.FILLED if filled else JobStatus.CLOSED
    job.closed_at = now or utcnow()
    db.session.commit()


def mark_filled(user: User, job: Job, now: datetime | None = None) -> None:
    close(user, job, filled=True, now=now)


def bulk_close(user: User, job_ids: Iterable[int], now: datetime | None = None) -> int:
    """Close several jobs of the user's organization; others' ids and finished jobs are skipped."""
    organization = organization_of(user)
    ids = {int(i) for i in job_ids}
    if organization is None or not ids:
        return 0
    jobs = db.session.scalars(
        sa.select(Job).where(
            Job.id.in_(ids),
            Job.organization_id == organization.id,
            Job.status.in_(CLOSABLE),
        )
    ).all()
    now = now or utcnow()
    for job in jobs:
        job.status = JobStatus.CLOSED
        job.closed_at = now
    db.session.commit()
    return len(jobs)


def renew(user: User, job: Job, days: int = DEFAULT_EXPIRY_DAYS, now: datetime | None = None):
    """Keep a published or expired job open until `days` from today (1 to 90). A renewal never
    brings an existing closing date forward."""
    _require_org_member(user, job)
    if job.status not in (JobStatus.PUBLISHED, JobStatus.EXPIRED):
        raise Conflict(_("Only a published or expired job can be renewed."))
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValidationFailed(
            _("Renew for 1 to %(days)s days.", days=MAX_EXPIRY_DAYS), field="days"
        )
    now = now or utcnow()
    target = expiry_from_date((now + timedelta(days=days)).date())
    job.expires_at = max(job.expires_at, target) if job.expires_at else target
    if job.status == JobStatus.EXPIRED:
        job.status = JobStatus.PUBLISHED
        job.closed_at = None
    db.session.commit()
    return job.expires_at


def duplicate(user: User, job: Job) -> Job:
    """A new draft with the same content, to post a similar role or repost a closed one."""
    _require_org_member(user, job)
    twin = Job(
        organization_id=job.organization_id,
        created_by_id=user.id,
        status=JobStatus.DRAFT,
        last_step="preview",
    )
    for key in COPIED_COLUMNS:
        setattr(twin, key, copy.deepcopy(getattr(job, key)))
    for office in job.offices:
        twin.offices.append(
            JobOffice(
                position=office.position,
                city=office.city,
                region=office.region,
                country=office.country,
                lat=office.lat,
                lng=office.lng,
            )
        )
    for question in job.questions:
        twin.questions.append(
            ScreeningQuestion(
                position=question.position, text=question.text, must_be_yes=question.must_be_yes
            )
        )
    db.session.add(twin)
    db.session.commit()
    return twin


COPIED_COLUMNS = frozenset(
    {
        "title",
        "role_type",
        "employment_type",
        "openings",
        "description",
        "required_credentials",
        "preferred_credentials",
        "specialties",
        "code_sets",
        "systems",
        "min_years",
        "new_graduates_welcome",
        "training_provided",
        "work_mode",
        "applicant_countries",
        "applicant_regions",
        "timezone",
        "schedule_flexible",
        "accepts_part_time",
        "shift_windows",
        "hours_min",
        "hours_max",
        "pay_min",
        "pay_max",
        "pay_currency",
        "pay_period",
        "charts_per_day",
        "qa_accuracy",
        "equipment",
        "onsite_training_weeks",
        "no_dependent_care",
        "apply_method",
        "apply_url",
    }
)


def delete_draft(user: User, job: Job) -> None:
    _require_org_member(user, job)
    if job.status != JobStatus.DRAFT:
        raise Conflict(_("Only a draft can be deleted. Close a published job instead."))
    db.session.delete(job)
    db.session.commit()


def expire_due(now: datetime | None = None) -> int:
    """Mark published jobs past their closing date as expired; returns how many. Idempotent and
    safe to run from cron at any interval: a second run finds nothing left to do."""
    now = now or utcnow()
    due_ids = db.session.scalars(
        sa.select(Job.id).where(
            Job.status == JobStatus.PUBLISHED,
            Job.expires_at.is_not(None),
            Job.expires_at <= now,
        )
    ).all()
    expired = 0
    for job_id in due_ids:
        job = db.session.get(Job, job_id)
        if job is None or job.status != JobStatus.PUBLISHED:
            continue
        job.status = JobStatus.EXPIRED
        job.closed_at = now
        expired += 1
    db.session.commit()
    return expired


# Lists --------------------------------------------------------------------------------------

STATUS_LABELS: dict[str, str] = {
    JobStatus.DRAFT: _l("Draft"),
    JobStatus.PENDING_REVIEW: _l("Waiting for review"),
    JobStatus.PUBLISHED: _l("Published"),
    JobStatus.REJECTED: _l("Not approved"),
    JobStatus.CLOSED: _l("Closed"),
    JobStatus.FILLED: _l("Filled"),
    JobStatus.EXPIRED: _l("Expired"),
}


@dataclass
class JobList:
    jobs: list[Job]
    total: int
    counts: dict[str, int]


def organization_jobs(
    organization: Organization, *, q: str = "", status: str = "", limit: int = 200
) -> JobList:
    """The organization's jobs, newest change first, filtered by title words and status."""
    stmt = sa.select(Job).where(Job.organization_id == organization.id)
    q = (q or "").strip()
    if q:
        for word in q.lower().split()[:6]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(sa.func.lower(Job.title).like(f"%{escaped}%", escape="\\"))
    if status in {s.value for s in JobStatus}:
        stmt = stmt.where(Job.status == JobStatus(status))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    jobs = db.session.scalars(stmt.order_by(Job.updated_at.desc(), Job.id.desc()).limit(limit))
    counts = dict(
        db.session.execute(
            sa.select(Job.status, sa.func.count())
            .where(Job.organization_id == organization.id)
            .group_by(Job.status)
        ).all()
    )
    return JobList(
        jobs=list(jobs), total=total, counts={str(k.value): v for k, v in counts.items()}
    )


def employer_dashboard(user: User) -> dict[str, Any]:
    """The employer dashboard: the organization, its latest jobs, invitations waiting."""
    from portal.services.organizations import open_invitations_for

    organization = organization_of(user)
    return {
        "organization": organization,
        "job_list": organization_jobs(organization, limit=10) if organization else None,
        "invitations": open_invitations_for(user),
    }


def public_jobs_of(organization: Organization, limit: int = 100) -> list[Job]:
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.organization_id == organization.id, publicly_visible_clause())
            .order_by(Job.published_at.desc(), Job.id.desc())
            .limit(limit)
        )
    )


def newest_public_jobs(limit: int = 50) -> list[Job]:
    # Cards show the organization and the offices: load them with the jobs (no N+1).
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(publicly_visible_clause())
            .options(selectinload(Job.organization), selectinload(Job.offices))
            .order_by(Job.published_at.desc(), Job.id.desc())
            .limit(limit)
        )
    )


# Words that name other pages under /jobs/<id>/ and so cannot be a job's slug.
RESERVED_SLUGS = frozenset({"apply", "report", "edit", "preview"})


def job_slug(job: Job) -> str:
    """The readable part of a job's address: /jobs/12/remote-cpc-coder."""
    from portal.services.organizations import slugify

    slug = slugify(job.title)[:60].strip("-") or "job"
    return f"{slug}-job" if slug in RESERVED_SLUGS else slug


def utc_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC, microsecond=0).isoformat().replace("+00:00", "Z")


def timezone_label(tz: str) -> str:
    from portal.matching import zone_name

    try:
        ZoneInfo(tz)
    except (KeyError, ValueError):
        return tz
    return zone_name(tz)
