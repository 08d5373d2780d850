"""The one registry of what templates may call: filters and globals, registered by the factory.

Nothing here runs a query on a template's behalf except the account menu's unread count,
counted once per request (`navigation.unread_notifications`); views pass everything else.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_timezone
from flask_babel import gettext as _
from wtforms import Field

from portal import formatting, taxonomy
from portal.matching import verdict
from portal.matching.rules import expiry_state
from portal.models.application import seeker_stage_label, stage_label
from portal.places import COMMON_TIMEZONES
from portal.services import alerts, applications
from portal.web import fragments, job_text, navigation
from portal.web.forms import ActionForm

# The words for a match row's status ("macros/match.html").
MATCH_STATUS_TEXT = {
    "met": "Met",
    "partial": "Partly met",
    "missing": "Missing",
    "warning": "Check",
    "info": "Note",
}


def match_status_label(status: str) -> str:
    """ "Met", "Partly met", "Missing"… for a match row's status."""
    return _(MATCH_STATUS_TEXT.get(status, status))


def field_attrs(field: Field, extra: dict[str, Any], hint: str | None = None) -> dict[str, Any]:
    """ARIA links from a form field to its hint (its description, or one the template gives) and
    error, only when they exist: WTForms would print a None value as the text "None"."""
    attrs = dict(extra)
    described = []
    if hint or field.description:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria_invalid"] = "true"
    if described:
        attrs["aria_describedby"] = " ".join(described)
    return attrs


def action_form() -> ActionForm:
    """`ActionForm()` for templates: renders the CSRF token without reading the request body, so
    an error page (413: the body was too large) can still show the log-out button."""
    return ActionForm(formdata=None)


def page_timezone() -> str:
    """The zone this page shows moments in (`portal.i18n.viewer_timezone`, else UTC)."""
    return str(get_timezone())


FILTERS: dict[str, Any] = {
    "money": formatting.money,
    "money_range": formatting.money_range,
    "nice_date": formatting.nice_date,
    "when": formatting.when,
    "job_pay": job_text.pay_text,
    "job_place": job_text.place_text,
    "office_place": job_text.office_text,
    "job_status": job_text.status_text,
}

GLOBALS: dict[str, Any] = {
    # Forms, page furniture and navigation
    "ActionForm": action_form,
    "field_attrs": field_attrs,
    "navigation": navigation.navigation,
    "account_menu": navigation.account_menu,
    "footer_links": navigation.footer_links,
    "unread_notifications": navigation.unread_notifications,
    # Words for codes and zones
    "taxonomy": taxonomy,
    "label": taxonomy.label,
    "zone_label": formatting.zone_label,
    "page_timezone": page_timezone,
    "common_timezones": COMMON_TIMEZONES,
    "expiry_state": expiry_state,
    # Jobs, search results and matches
    "job_url": job_text.job_url,
    "search_pay": formatting.search_pay,
    "search_hours": formatting.search_hours,
    "search_place": formatting.search_place,
    "search_shifts": job_text.search_shifts,
    "facet_fieldset": fragments.facet_fieldset,
    "job_cards": fragments.job_cards,
    "candidate_cards": fragments.candidate_cards,
    "best_candidate_cards": fragments.best_candidate_cards,
    "match_status_label": match_status_label,
    "match_verdict": verdict,
    # Applications and saved searches
    "stage_label": stage_label,
    "seeker_stage_label": seeker_stage_label,
    "application_match_items": applications.match_items,
    "unmet_requirements_text": applications.unmet_requirements,
    "saved_search_url": alerts.search_url,
}


def init_app(app: Flask) -> None:
    """Register every filter and global, and the site's name, on the app's Jinja environment."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    app.jinja_env.globals["site_name"] = app.config["SITE_NAME"]
