"""The pages people look for before they trust a site: about, help, scams, privacy, terms,
contact. Public, no login."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from portal.services import legal

bp = Blueprint("pages", __name__)


@bp.route("/about")
def about() -> ResponseReturnValue:
    return render_template("pages/about.html")


@bp.route("/help", endpoint="help")
def help_page() -> ResponseReturnValue:
    return render_template("pages/help.html")


@bp.route("/help/scams")
def scams() -> ResponseReturnValue:
    return render_template("pages/scams.html")


@bp.route("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template(
        "pages/privacy.html", version=legal.current_privacy(), versions=legal.PRIVACY_VERSIONS
    )


@bp.route("/terms")
def terms() -> ResponseReturnValue:
    return render_template(
        "pages/terms.html", version=legal.current_terms(), versions=legal.TERMS_VERSIONS
    )


@bp.route("/contact")
def contact() -> ResponseReturnValue:
    return render_template("pages/contact.html", contact_email=current_app.config["CONTACT_EMAIL"])
