"""Pay: the candidate's lowest acceptable pay against the job's range, compared per hour.

Only the same currency is compared (no exchange rates: they drift and mislead), and pay per
chart only with pay per chart. Hours per period come from `portal.taxonomy`.
"""

from __future__ import annotations

from portal import taxonomy
from portal.matching.model import Pay
from portal.matching.phrases import _
from portal.matching.rules import UNKNOWN_FIT, Check, item

# Asking this many percent above the top of the pay range leaves no pay points.
PAY_TOLERANCE_PCT = 50.0


def _per_hour(amount: float, period: str) -> float:
    """An amount per hour; per-chart pay (no fixed hours) stays as it is."""
    hours = taxonomy.HOURS_PER_PERIOD[period]
    return amount if hours is None else amount / hours


def pay_fit(job_pay: Pay | None, ask: Pay | None) -> Check:
    """Within, below or above the job's range; anything not comparable is only information."""
    label = _("Pay")

    def info(detail: str) -> Check:
        return [item("pay", label, "info", detail)], UNKNOWN_FIT

    if job_pay is None or (job_pay.amount_min is None and job_pay.amount_max is None):
        return info(_("The job does not state pay"))
    asked = (
        None if ask is None else ask.amount_min if ask.amount_min is not None else ask.amount_max
    )
    if ask is None or asked is None:
        return info(_("No pay expectation given"))
    if job_pay.currency.strip().upper() != ask.currency.strip().upper():
        return info(
            _("Pay is in %(job)s, the expectation in %(ask)s; not compared")
            % {"job": job_pay.currency.upper(), "ask": ask.currency.upper()}
        )
    if (job_pay.period == "chart") != (ask.period == "chart"):
        return info(_("Pay per chart and pay by time are not compared"))
    asked_rate = _per_hour(asked, ask.period)
    low = None if job_pay.amount_min is None else _per_hour(job_pay.amount_min, job_pay.period)
    high = None if job_pay.amount_max is None else _per_hour(job_pay.amount_max, job_pay.period)
    note = ""
    if job_pay.period != ask.period and ask.period != "chart":
        note = " " + _("(compared per hour)")
    if high is not None and asked_rate > high * (1 + 1e-9):
        pct = (asked_rate - high) / high * 100
        fraction = max(0.0, 1 - pct / PAY_TOLERANCE_PCT)
        detail = _("Asks %(pct)s%% above the pay range") % {"pct": max(1, round(pct))} + note
        status = "partial" if fraction > 0 else "missing"
        return [item("pay", label, status, detail)], fraction
    if low is not None and asked_rate < low * (1 - 1e-9):
        detail = _("Asks below the pay range") + note
    else:
        detail = _("Within the pay range") + note
    return [item("pay", label, "met", detail)], 1.0
