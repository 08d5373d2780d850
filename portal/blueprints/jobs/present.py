"""How a job reads on its own pages: the employer's answers, schema.org JSON-LD, the Atom feed.

What any page shows of a job (address, pay, place, hours) is `portal.web.job_text`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET  # noqa: S405 - we only build XML, never parse input
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup

from portal import taxonomy
from portal.models import Job
from portal.services import jobs as job_rules
from portal.text import render_markdown
from portal.web import job_text

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
        offices = "; ".join(job_text.office_text(o) for o in job.offices)
        where.append(Answer(_("Offices"), offices or none, "office1_city"))
    if remote:
        places = "; ".join(job_text.applicant_places(job))
        where.append(Answer(_("Applicants may live in"), places or none, "applicant_countries"))
    if job.schedule_flexible:
        when = _("Flexible: people choose when they work")
    else:
        when = "; ".join(job_text.schedule_lines(job, None)) or none
    where += [
        Answer(_("Hours"), when, "schedule"),
        Answer(_("Hours a week"), job_text.hours_text(job) or none, "hours_min"),
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
            Answer(_("Pay"), job_text.pay_text(job) or none, "pay_min"),
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


def utc_iso(value: datetime | None) -> str | None:
    """A naive UTC time as ISO 8601 with a "Z", for JSON-LD and Atom."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC, microsecond=0).isoformat().replace("+00:00", "Z")


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
        "url": job_text.external_job_url(job),
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
                    {"@type": "State", "name": taxonomy.place_name(code)} for code in states
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
        url = job_text.external_job_url(job)
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
            part
            for part in (
                job_text.pay_text(job),
                job_text.place_text(job),
                job.description_text()[:400],
            )
            if part
        )
        sub(entry, "summary", summary, type="text")
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
