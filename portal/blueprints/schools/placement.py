"""Placement figures for staff (per cohort, with a CSV export) and the public school page."""

from __future__ import annotations

from flask import Response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.blueprints.schools.views import bp
from portal.charts import funnel_chart
from portal.models import Role, School
from portal.services import placement, school_staff
from portal.web.permissions import acting_user, get_or_404, role_required


@bp.route("/placement")
@role_required(Role.SCHOOL)
def placement_dashboard() -> ResponseReturnValue:
    school = school_staff.require_staff(acting_user())
    outcomes = placement.cohort_outcomes(placement.cohorts(school))
    shown = [placement.overall(outcomes), *outcomes] if outcomes else []
    return render_template(
        "schools/placement.html",
        school=school,
        placements=[
            (
                outcome,
                funnel_chart(
                    _("%(cohort)s: graduates at each step", cohort=outcome.label),
                    outcome.stages(),
                    _("Graduates"),
                ),
            )
            for outcome in shown
        ],
    )


@bp.route("/placement.csv")
@role_required(Role.SCHOOL)
def placement_csv() -> ResponseReturnValue:
    school = school_staff.require_staff(acting_user())
    return Response(
        placement.outcomes_csv(placement.cohort_outcomes(placement.cohorts(school))),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=placement.csv"},
    )


@bp.route("/<int:school_id>")
def public_page(school_id: int) -> ResponseReturnValue:
    school = get_or_404(School, school_id)
    return render_template(
        "schools/public.html",
        school=school,
        figures=placement.public_figures(school),
        minimum=placement.PUBLIC_MINIMUM,
    )
