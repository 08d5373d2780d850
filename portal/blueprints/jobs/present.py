"""How a job reads: place, pay, schedule in the viewer's time zone, schema.org JSON-LD, Atom.

Template filters registered here are app-wide (`job_place`, `job_pay`, `job_status`) and the
`job_url(job)` global builds the canonical address, so any page can show a job card.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET  # noqa: S405 - we only build XML, never parse input
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from portal import models, taxonomy
from portal.blueprints.jobs import bp
from portal.extensions import db
from portal.i18n import select_timezone
from portal.matching import describe_ranges, zone_name
from portal.models import Job
from portal.places import REGIONS
from portal.services import jobs as job_rules
from portal.template_helpers import money_range
from portal.text import render_markdown


def job_url(job: Job, external: bool = False) -> str:
    return url_for("jobs.job_page", job_id=job.id, slug=job_rules.job_slug(job), _external=external)


def external_job_url(job: Job) -> str:
    return str(current_app.config["SERVER_URL"]) + job_url(job)


@bp.app_template_global("job_url")
def _job_url_global(job: Job) -> str:
    return job_url(job)


@bp.app_template_filter("job_pay")
def pay_text(job: Job) -> str:
    """ "$28–34 an hour", "₹25,000 a month"; "" when no pay is given."""
    if job.pay_currency is None or (job.pay_min is None and job.pay_max is None):
        return ""
    return money_range(job.pay_min, job.pay_max, job.pay_currency, job.pay_period)


def _region_name(country: str, region: str | None) -> str:
    """ "TX" → "Texas" for the US and India; other regions as entered."""
    if not region:
        return ""
    table = REGIONS.get(country)
    return table.get(region, region) if table else region


def _applicant_region_name(code: str) -> str:
    """ "US-TX" → "Texas"."""
    country, _sep, region = code.partition("-")
    return _region_name(country, region)


def utc_iso(value: datetime | None) -> str | None:
    """A naive UTC time as ISO 8601 with a "Z", for JSON-LD and Atom."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC, microsecond=0).isoformat().replace("+00:00", "Z")


@bp.app_template_filter("office_place")
def _office_text(office: models.JobOffice) -> str:
    """ "Columbus, Ohio, United States"."""
    parts = [office.city]
    region = _region_name(office.country, office.region)
    if region:
        parts.append(region)
    parts.append(taxonomy.label(taxonomy.COUNTRIES, office.country))
    return ", ".join(parts)


def applicant_places(job: Job) -> list[str]:
    """ "United States (Texas, Florida)", "India"."""
    places = []
    for country in job.applicant_countries or []:
        states = [
            _applicant_region_name(code)
            for code in job.applicant_regions or []
            if code.startswith(country + "-")
        ]
        name = taxonomy.label(taxonomy.COUNTRIES, country)
        places.append(f"{name} ({', '.join(states)})" if states else name)
    return places


@bp.app_template_filter("job_place")
def place_text(job: Job) -> str:
    """One line: "Work from home in United States (Texas)", "At the office in Chennai, ..."."""
    offices = "; ".join(_office_text(o) for o in job.offices)
    if job.work_mode == "remote":
        places = ", ".join(applicant_places(job))
        return _("Work from home in %(places)s", places=places) if places else _("Work from home")
    if job.work_mode == "hybrid":
        return _("Hybrid: at home and in %(offices)s", offices=offices) if offices else _("Hybrid")
    return _("At the office in %(offices)s", offices=offices) if offices else _("At the office")


@bp.app_template_filter("job_status")
def status_text(status: Any) -> str:
    return str(job_rules.STATUS_LABELS.get(status, status))


def viewer_timezone() -> str | None:
    """The signed-in person's zone: a seeker's profile zone when set, else the zone pages
    use (`portal.i18n.select_timezone`: the account's, a recruiter's organization's)."""
    if not current_user.is_authenticated:
        return None
    tz = None
    if current_user.is_seeker:
        tz = db.session.scalar(
            sa.select(models.Profile.timezone).where(models.Profile.user_id == current_user.id)
        )
    tz = tz or select_timezone()
    if not tz:
        return None
    try:
        ZoneInfo(tz)
    except (KeyError, ValueError):
        return None
    return tz


def schedule_lines(job: Job, viewer_tz: str | None) -> list[str]:
    """The shifts, in the job's zone and, when it differs, the viewer's clock too."""
    ranges = job.shift_ranges()
    if job.schedule_flexible or not ranges:
        return []
    lines = describe_ranges(ranges, job.timezone, viewer_tz)
    if viewer_tz is None or viewer_tz == job.timezone:
        zone = zone_name(job.timezone)
        lines = [f"{line} ({zone})" for line in lines]
    return lines


def hours_text(job: Job) -> str:
    low, high = job.hours_min, job.hours_max
    if low is not None and high is not None and low != high:
        return _("%(low)s to %(high)s hours a week", low=low, high=high)
    if low is not None or high is not None:
        return _("%(n)s hours a week", n=low if low is not None else high)
    hours = job.weekly_shift_hours()
    if hours:
        text = f"{hours:g}"
        return _("%(n)s hours a week", n=text)
    return ""


# Check your answers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One answer of the job post as the employer gave it; `field` is the form field it came from,
    so its Change link lands on that question."""

    label: str
    value: str
    field: str


def _labels(table: Mapping[str, object], slugs: list[str] | None) -> str:
    return ", ".join(taxonomy.label(table, s) for s in slugs or [])


def job_answers(job: Job) -> dict[str, list[Answer]]:
    """Every step's answers, in plain words ("Not given" where empty), for the page where the
    employer checks the job before publishing it."""
    none = _("Not given")
    remote, office_work = job.work_mode == "remote", job.work_mode in ("onsite", "hybrid")
    where: list[Answer] = [
        Answer(
            _("Where the work is done"),
            taxonomy.label(taxonomy.WORK_MODES, job.work_mode),
            "work_mode",
        )
    ]
    if office_work:
        offices = "; ".join(_office_text(o) for o in job.offices)
        where.append(Answer(_("Offices"), offices or none, "office1_city"))
    if remote:
        places = "; ".join(applicant_places(job))
        where.append(Answer(_("Applicants may live in"), places or none, "applicant_countries"))
    if job.schedule_flexible:
        when = _("Flexible: people choose when they work")
    else:
        when = "; ".join(schedule_lines(job, None)) or none
    where += [
        Answer(_("Hours"), when, "schedule"),
        Answer(_("Hours a week"), hours_text(job) or none, "hours_min"),
    ]
    questions = [
        q.text + (" " + _("(needs a yes)") if q.must_be_yes else "") for q in job.questions
    ]
    apply_how = str(job_rules.APPLY_METHODS.get(job.apply_method, none))
    if job.apply_method == "external" and job.apply_url:
        apply_how = f"{apply_how}: {job.apply_url}"
    yes, no = _("Yes"), _("No")
    return {
        "basics": [
            Answer(_("Job title"), job.title or none, "title"),
            Answer(
                _("Kind of role"), taxonomy.label(taxonomy.ROLE_TYPES, job.role_type), "role_type"
            ),
            Answer(
                _("Employment type"),
                taxonomy.label(taxonomy.EMPLOYMENT_TYPES, job.employment_type),
                "employment_type",
            ),
            Answer(_("Openings"), str(job.openings or 1), "openings"),
            Answer(_("Description"), job.description or none, "description"),
        ],
        "requirements": [
            Answer(
                _("Required credentials"),
                job_rules.format_credential_groups(job.required_credentials or []) or none,
                "required_credentials",
            ),
            Answer(
                _("Nice to have"),
                ", ".join(job.preferred_credentials or []) or none,
                "preferred_credentials",
            ),
            Answer(_("Minimum years of experience"), str(job.min_years or 0), "min_years"),
            Answer(
                _("New graduates welcome"),
                yes if job.new_graduates_welcome else no,
                "new_graduates_welcome",
            ),
            Answer(
                _("Training provided"), yes if job.training_provided else no, "training_provided"
            ),
            Answer(
                _("Specialties"),
                _labels(taxonomy.SPECIALTIES, job.specialties) or none,
                "specialties",
            ),
            Answer(_("Code sets"), _labels(taxonomy.CODE_SETS, job.code_sets) or none, "code_sets"),
            Answer(_("Systems"), _labels(taxonomy.SYSTEMS, job.systems) or none, "systems"),
        ],
        "schedule": where,
        "pay": [
            Answer(_("Pay"), pay_text(job) or none, "pay_min"),
            Answer(_("Charts a day"), str(job.charts_per_day or "") or none, "charts_per_day"),
            Answer(
                _("Accuracy expected"),
                f"{job.qa_accuracy}%" if job.qa_accuracy else none,
                "qa_accuracy",
            ),
            Answer(
                _("Equipment"), str(job_rules.EQUIPMENT.get(job.equipment or "", none)), "equipment"
            ),
            Answer(
                _("Training weeks at the office"),
                str(job.onsite_training_weeks or "") or none,
                "onsite_training_weeks",
            ),
            Answer(
                _("No caring for others while working"),
                yes if job.no_dependent_care else no,
                "no_dependent_care",
            ),
        ],
        "apply": [
            Answer(_("Questions for applicants"), "; ".join(questions) or none, "question1_text"),
            Answer(_("How people apply"), apply_how, "apply_method"),
            Answer(
                _("Closing date"),
                job.expires_at.date().isoformat() if job.expires_at else none,
                "expires_on",
            ),
        ],
    }


# schema.org JobPosting ------------------------------------------------------------------------


def _amount(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _date(value: datetime | None) -> str | None:
    return value.date().isoformat() if value else None


def job_posting(job: Job) -> dict[str, Any]:
    """The JobPosting for Google for Jobs. Call only for publicly visible jobs."""
    org = job.organization
    hiring: dict[str, Any] = {"@type": "Organization", "name": org.name}
    if org.website:
        hiring["sameAs"] = org.website
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": str(render_markdown(job.description)),
        "identifier": {"@type": "PropertyValue", "name": org.name, "value": str(job.id)},
        "datePosted": _date(job.published_at),
        "validThrough": utc_iso(job.expires_at),
        "employmentType": taxonomy.EMPLOYMENT_TYPES[job.employment_type].schema_org,
        "hiringOrganization": hiring,
        "url": external_job_url(job),
        "directApply": job.apply_method == "portal",
    }
    if job.offices:
        data["jobLocation"] = [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": office.city,
                    **({"addressRegion": office.region} if office.region else {}),
                    "addressCountry": office.country,
                },
            }
            for office in job.offices
        ]
    if job.work_mode == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        requirements = []
        for country in job.applicant_countries or []:
            states = [r for r in job.applicant_regions or [] if r.startswith(country + "-")]
            if states:
                requirements += [
                    {"@type": "State", "name": _applicant_region_name(code)} for code in states
                ]
            else:
                requirements.append(
                    {"@type": "Country", "name": taxonomy.label(taxonomy.COUNTRIES, country)}
                )
        data["applicantLocationRequirements"] = requirements
    period = taxonomy.PAY_PERIODS.get(job.pay_period or "")
    if period is not None and period.unit_text and job.pay_currency:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": period.unit_text}
        low, high = _amount(job.pay_min), _amount(job.pay_max)
        if low is not None and high is not None and low != high:
            value.update(minValue=low, maxValue=high)
        else:
            value["value"] = low if low is not None else high
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": job.pay_currency,
            "value": value,
        }
    if job.min_years:
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": job.min_years * 12,
        }
    if job.required_credentials:
        data["qualifications"] = job_rules.format_credential_groups(job.required_credentials)
    return data


def script_json(data: dict[str, Any]) -> Markup:
    """JSON that is safe inside <script type="application/ld+json">: "<", ">" and "&" are
    written as \\u003c, \\u003e, \\u0026, so "</script>" or "<!--" in a title cannot end the
    block; the JSON value is unchanged."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above


# Atom feed ----------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(jobs: list[Job], self_url: str, home_url: str, updated: datetime) -> bytes:
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    site = current_app.config["SITE_NAME"]
    sub(feed, "title", _("%(site)s: newest jobs for medical coders", site=site))
    sub(feed, "id", self_url)
    sub(feed, "updated", utc_iso(updated))
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=home_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", site)
    for job in jobs:
        url = external_job_url(job)
        entry = sub(feed, "entry")
        sub(entry, "title", f"{job.title} – {job.organization.name}")
        sub(entry, "id", url)
        sub(entry, "link", rel="alternate", href=url, type="text/html")
        sub(entry, "published", utc_iso(job.published_at or job.created_at))
        sub(
            entry,
            "updated",
            utc_iso(max(job.updated_at, job.published_at or job.updated_at)),
        )
        entry_author = sub(entry, "author")
        sub(entry_author, "name", job.organization.name)
        sub(
            entry,
            "category",
            term=job.work_mode,
            label=taxonomy.label(taxonomy.WORK_MODES, job.work_mode),
        )
        summary = " · ".join(
            part for part in (pay_text(job), place_text(job), job.description_text()[:400]) if part
        )
        sub(entry, "summary", summary, type="text")
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
