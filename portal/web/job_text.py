"""How a job reads on any page, card or e-mail: its address, pay, place, hours and status.

The job page, the search results, the match comparison, dashboards and moderation all show
jobs, so these live in the shared web layer (templates reach them through
`portal.web.templating`)."""

from __future__ import annotations

from datetime import date

from flask import current_app, url_for
from flask_babel import gettext as _

from portal import models, taxonomy
from portal.formatting import money_range, zone_label
from portal.matching import describe_ranges, zone_name
from portal.models import Job, utcnow
from portal.search.when import shift_lines
from portal.services import jobs as job_rules


def job_url(job: Job, external: bool = False) -> str:
    """The job's canonical address, with its readable slug: /jobs/12/remote-cpc-coder."""
    return url_for("jobs.job_page", job_id=job.id, slug=job_rules.job_slug(job), _external=external)


def external_job_url(job: Job) -> str:
    """The address for feeds, JSON-LD and e-mails: the configured server, never the request's."""
    return str(current_app.config["SERVER_URL"]) + job_url(job)


def pay_text(job: Job) -> str:
    """ "$28–34 an hour", "₹25,000 a month"; "" when no pay is given."""
    if job.pay_currency is None or (job.pay_min is None and job.pay_max is None):
        return ""
    return money_range(job.pay_min, job.pay_max, job.pay_currency, job.pay_period)


def office_text(office: models.JobOffice) -> str:
    """ "Columbus, Ohio, United States"."""
    parts = [office.city]
    region = taxonomy.region_name(office.country, office.region)
    if region:
        parts.append(region)
    parts.append(taxonomy.label(taxonomy.COUNTRIES, office.country))
    return ", ".join(parts)


def applicant_places(job: Job) -> list[str]:
    """ "United States (Texas, Florida)", "India"."""
    places = []
    for country in job.applicant_countries or []:
        states = [
            taxonomy.place_name(code)
            for code in job.applicant_regions or []
            if code.startswith(country + "-")
        ]
        name = taxonomy.label(taxonomy.COUNTRIES, country)
        places.append(f"{name} ({', '.join(states)})" if states else name)
    return places


def place_text(job: Job) -> str:
    """One line: "Work from home in United States (Texas)", "At the office in Chennai, ..."."""
    offices = "; ".join(office_text(o) for o in job.offices)
    if job.work_mode == "remote":
        places = ", ".join(applicant_places(job))
        return _("Work from home in %(places)s", places=places) if places else _("Work from home")
    if job.work_mode == "hybrid":
        return _("Hybrid: at home and in %(offices)s", offices=offices) if offices else _("Hybrid")
    return _("At the office in %(offices)s", offices=offices) if offices else _("At the office")


def status_text(status: object) -> str:
    """ "Published", "Waiting for review"…"""
    return str(job_rules.STATUS_LABELS.get(str(status), status))


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
    """ "20 to 30 hours a week"; the fixed shifts' total when no range is given."""
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


def search_shifts(
    doc: dict[str, object], viewer_tz: str | None, day: date | None = None
) -> list[str]:
    """A search document's shifts on the viewer's clock, the zone named ("Mon–Fri 9:00 pm –
    1:00 am (next day), Chicago time"); on the job's clock when the viewer's zone is unknown.
    `day` (today in UTC by default) picks the offsets, which daylight saving moves: a kept card
    passes the day it is kept under."""
    lines = shift_lines(doc, viewer_tz, day or utcnow().date())
    job_zone = doc.get("timezone")
    zone = zone_label(viewer_tz or (job_zone if isinstance(job_zone, str) else None) or "UTC")
    return [f"{line}, {zone}" for line in lines]
