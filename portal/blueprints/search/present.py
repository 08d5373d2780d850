"""How search results and match comparisons read: plain words, both sides, the viewer's clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from portal import taxonomy
from portal.formatting import day_text, money_range
from portal.matching import (
    MatchItem,
    MatchResult,
    TimeRange,
    describe_ranges,
    expiry_state,
)
from portal.web import job_text


def _labels(mapping: dict, keys: Any, empty: str | None = None) -> str:
    return ", ".join(taxonomy.label(mapping, k) for k in keys or []) or (empty or _("None given"))


def _asked(mapping: dict, keys: Any) -> str:
    """What the job lists; a job that lists nothing asks for nothing (not "none given")."""
    return _labels(mapping, keys, _("None asked for"))


@dataclass
class Row:
    label: str
    job: str | list[str]
    candidate: str | list[str]
    items: list[MatchItem] = field(default_factory=list)

    @property
    def status(self) -> str:
        order = ("missing", "partial", "warning", "met", "info")
        statuses = [i.status for i in self.items]
        return next((s for s in order if s in statuses), "")


def _credentials_text(profile: Any, today: date) -> list[str]:
    lines = []
    for cred in profile.credentials:
        if cred.kind == "OTHER":
            continue
        parts = [cred.kind]
        state = expiry_state(cred.expires_on, today)
        if state == "expired":
            parts.append(
                _(
                    "expired on %(date)s, no longer counts",
                    date=day_text(cred.expires_on),
                )
            )
        else:
            parts.append(_("verified") if cred.is_verified else _("not verified yet"))
            if state == "expiring":
                parts.append(
                    _(
                        "expires on %(date)s, in %(days)s days",
                        date=day_text(cred.expires_on),
                        days=(cred.expires_on - today).days,
                    )
                )
            elif cred.expires_on:
                parts.append(_("valid until %(date)s", date=day_text(cred.expires_on)))
        lines.append(", ".join(parts))
    return lines or [_("None given")]


def _availability(profile: Any, viewer_tz: str | None, today: date) -> list[str]:
    ranges = [TimeRange(s.day, s.start_minute, s.end_minute) for s in profile.availability]
    if not ranges:
        return [_("No weekly hours given")]
    tz = profile.timezone or "UTC"
    return describe_ranges(ranges, tz, viewer_tz or tz, today=today)


def _hours_wanted(profile: Any) -> str:
    low, high = profile.hours_min, profile.hours_max
    if low is not None and high is not None:
        return _("%(low)s to %(high)s hours a week", low=low, high=high)
    if high is not None:
        return _("Up to %(high)s hours a week", high=high)
    if low is not None:
        return _("At least %(low)s hours a week", low=low)
    return ""


def comparison_rows(
    job: Any,
    profile: Any,
    result: MatchResult,
    *,
    location: str,
    viewer_tz: str | None,
    today: date,
) -> list[Row]:
    """The job and the candidate side by side, each row with its explanation lines.

    `location` is what the viewer may see of where the candidate lives (anonymity rules).
    """
    from portal.services.jobs import format_credential_groups

    items = result.items

    def pick(*prefixes: str) -> list[MatchItem]:
        return [i for i in items if any(i.key == p or i.key.startswith(p + ":") for p in prefixes)]

    years = ngettext("%(num)s year", "%(num)s years", profile.years_experience or 0)
    job_years = (
        ngettext("At least %(num)s year", "At least %(num)s years", job.min_years)
        if job.min_years
        else _("No minimum")
    )
    if job.new_graduates_welcome:
        job_years += "; " + _("new graduates welcome")
    if profile.new_graduate:
        years += "; " + _("new graduate")
    modes = _labels(taxonomy.WORK_MODES, profile.work_modes)
    if profile.travel_km is not None:
        modes += "; " + _("travels up to %(km)s km", km=profile.travel_km)
    if profile.willing_to_relocate:
        modes += "; " + _("would move for the right job")
    job_hours = [line for line in [job_text.hours_text(job)] if line]
    shifts = job_text.schedule_lines(job, viewer_tz)
    job_hours += shifts or [_("Flexible hours")]
    if shifts:
        job_hours.append(
            _("Part-time or split shifts welcome")
            if job.accepts_part_time
            else _("Full shifts only")
        )
    own_hours = [line for line in [_hours_wanted(profile)] if line]
    own_hours += _availability(profile, viewer_tz, today)
    ask = (
        money_range(profile.pay_min, profile.pay_max, profile.currency, profile.pay_period)
        if profile.has_pay
        else ""
    )
    return [
        # The candidate's credentials, each with its verification, are listed in this row:
        # the "not verified yet" note belongs next to them.
        Row(
            _("Required credentials"),
            format_credential_groups(job.required_credentials or []) or _("None asked for"),
            _credentials_text(profile, today),
            pick("credential", "expiry", "verified_credentials"),
        ),
        Row(
            _("Preferred credentials"),
            ", ".join(job.preferred_credentials or []) or _("None asked for"),
            "",
            pick("preferred_credentials"),
        ),
        Row(
            _("Where"),
            job_text.place_text(job),
            [modes, location] if location else modes,
            pick("work_mode"),
        ),
        Row(_("Hours"), job_hours, own_hours, pick("hours", "hours_wanted")),
        Row(
            _("Specialties"),
            _asked(taxonomy.SPECIALTIES, job.specialties),
            _labels(taxonomy.SPECIALTIES, profile.specialties),
            pick("specialties"),
        ),
        Row(
            _("Code sets"),
            _asked(taxonomy.CODE_SETS, job.code_sets),
            _labels(taxonomy.CODE_SETS, profile.code_sets),
            pick("code_sets", "code_set_family"),
        ),
        Row(
            _("Software"),
            _asked(taxonomy.SYSTEMS, job.systems),
            _labels(taxonomy.SYSTEMS, profile.systems),
            pick("systems"),
        ),
        Row(_("Experience"), job_years, years, pick("years")),
        Row(
            _("Pay"),
            job_text.pay_text(job) or _("Not stated"),
            ask or _("Not given"),
            pick("pay"),
        ),
        Row(
            _("Type of job"),
            taxonomy.label(taxonomy.EMPLOYMENT_TYPES, job.employment_type),
            _labels(taxonomy.EMPLOYMENT_TYPES, profile.employment_types),
            pick("employment_type"),
        ),
    ]
