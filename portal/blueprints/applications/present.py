"""Template globals for the pages of applications: the words for stages and match rows, and
the match explanation saved with an application."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.blueprints.applications import bp
from portal.matching import MatchItem
from portal.models import Application
from portal.models.application import seeker_stage_label, stage_label
from portal.services import applications as service

# The organization's and the seeker's words for a stage (`_macros.html`, the pipeline).
bp.add_app_template_global(stage_label)
bp.add_app_template_global(seeker_stage_label)


@bp.app_template_global()
def application_match_items(application: Application) -> list[MatchItem]:
    """The match rows saved when the application was sent."""
    return service.match_items(application)


@bp.app_template_global()
def unmet_requirements_text(items: list[MatchItem]) -> str:
    """The hard requirements a saved match misses, as the seeker confirmed them."""
    return service.unmet_requirements(items)


@bp.app_template_global()
def match_status_text(status: str) -> str:
    return {
        "met": _("Met"),
        "partial": _("Partly met"),
        "missing": _("Missing"),
        "warning": _("Check"),
        "info": _("Note"),
    }.get(status, status)


@bp.app_template_global()
def invited_profile_ids(job_id: int) -> set[int]:
    """Profiles already invited to this job ("best candidates" shows "Invited")."""
    return service.invited_profile_ids(job_id)
