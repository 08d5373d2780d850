"""What a report about a job says and weighs, and how soon a moderator should look.

A report weighs by what it says and by who sent it (someone who applied or heard from the
employer knows; an anonymous visitor may not); a held job by why it waits. The queue shows the
riskiest first (docs/MODERATION.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.models import Job, JobReport, JobStatus, ReportReason

REPORT_REASONS: dict[str, str] = {
    ReportReason.ASKS_FOR_MONEY: _l("It asks for money (a fee, deposit, training or equipment)"),
    ReportReason.FAKE_EMPLOYER: _l("The employer does not seem real"),
    ReportReason.MISLEADING: _l("The pay, hours or work are not as described"),
    ReportReason.PERSONAL_DATA: _l("It asks for bank details, ID documents or passwords"),
    ReportReason.DISCRIMINATION: _l("It discriminates against people"),
    ReportReason.SPAM: _l("It is spam or posted many times"),
    ReportReason.OTHER: _l("Something else"),
}
REPORT_WEIGHTS: dict[str, int] = {
    ReportReason.ASKS_FOR_MONEY: 5,
    ReportReason.PERSONAL_DATA: 4,
    ReportReason.FAKE_EMPLOYER: 3,
    ReportReason.MISLEADING: 2,
    ReportReason.DISCRIMINATION: 2,
    ReportReason.SPAM: 1,
    ReportReason.OTHER: 1,
}
HOLD_WEIGHTS: dict[str, int] = {
    "reported_by_applicant": 20,
    "money": 12,
    "reported": 8,
    "resubmitted": 4,
    "edited": 3,
    "unverified_organization": 2,
    "new_organization": 1,
    "sent_before_verification": 1,
}
LIVE_JOB_RISK = 5  # a reported job still public keeps reaching seekers


def _hold_weight(reason: dict[str, Any]) -> int:
    code: str | None = reason.get("code")
    return HOLD_WEIGHTS.get(code, 1) if code is not None else 1


def report_weight(report: JobReport) -> int:
    source = 3 if report.first_hand else 2 if report.reporter_id is not None else 1
    return REPORT_WEIGHTS.get(report.reason, 1) * source


@dataclass
class ReportGroup:
    """Open reports about one job: one card in the queue, however many reports."""

    job: Job
    reports: list[JobReport]

    @property
    def risk(self) -> int:
        live = LIVE_JOB_RISK if self.job.status == JobStatus.PUBLISHED else 0
        return live + sum(report_weight(r) for r in self.reports)

    @property
    def first_hand(self) -> int:
        return sum(1 for r in self.reports if r.first_hand)


def job_risk(job: Job, group: ReportGroup | None = None) -> int:
    held = sum(_hold_weight(r) for r in job.held_reasons or [])
    return held + (group.risk if group else 0)
