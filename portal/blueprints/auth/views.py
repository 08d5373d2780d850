"""Sign-up, log-in, log-out, e-mail verification, password reset and account settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.blueprints.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    EmailOnlyForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
    TimeZoneForm,
)
from portal.errors import ValidationFailed
from portal.extensions import limiter
from portal.formatting import zone_label
from portal.forms import ActionForm, Form, show_error
from portal.services import accounts, legal, login_throttle
from portal.web.permissions import acting_user, safe_back

bp = Blueprint("auth", __name__, url_prefix="/auth")

# The account this browser session just created: opening its confirmation link here logs in.
SIGNED_UP_KEY = "signed_up_user_id"


def _email_key() -> str:
    return "email:" + accounts.normalize_email(request.form.get("email", ""))


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def signup() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    terms = legal.current_terms()
    form = SignupForm(role=request.args.get("role"))
    if form.validate_on_submit():
        try:
            user = accounts.sign_up(
                name=form.name.data or "",
                email=form.email.data or "",
                password=form.password.data or "",
                role=form.role.data,
                terms_version=form.terms_version.data or "",
            )
        except ValidationFailed as error:
            show_error(form, error)
        else:
            session["pending_email"] = accounts.normalize_email(form.email.data or "")
            if user is not None:  # a new account, not someone else's address
                session[SIGNED_UP_KEY] = user.id
            return redirect(url_for("auth.check_email"))
    form.terms_version.data = terms.number  # the page shows the current terms
    return render_template("auth/signup.html", form=form, terms=terms)


@bp.route("/check-email", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def check_email() -> ResponseReturnValue:
    form = EmailOnlyForm(email=session.get("pending_email"))
    if form.validate_on_submit():
        accounts.resend_verification(form.email.data or "")
        flash(_("If that address has an account waiting, we sent a new link."), "info")
        return redirect(url_for("auth.check_email"))
    return render_template("auth/check_email.html", form=form)


@bp.route("/verify/<token>")
def verify_email(token: str) -> ResponseReturnValue:
    user = accounts.verify_email(token)
    if user is None:
        flash(
            _("This link has expired or was already used. Log in, or ask for a new link."), "error"
        )
        return redirect(url_for("auth.check_email"))
    if session.get(SIGNED_UP_KEY) == user.id and user.is_active:
        # The link is opened in the browser session that created this account and has typed its
        # password: no need to type it again. Any other browser still logs in with the password.
        session.clear()
        login_user(user)
        accounts.record_login(user)
        flash(
            _("Thank you, your e-mail address is confirmed. Welcome, %(name)s.", name=user.name),
            "success",
        )
        return redirect(url_for("main.dashboard"))
    flash(_("Thank you, your e-mail address is confirmed. You can log in now."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(safe_back(url_for("main.dashboard"), "next"))
    form = LoginForm()
    if form.validate_on_submit():
        email, client = form.email.data or "", request.remote_addr
        wait = login_throttle.seconds_to_wait(email, client)
        if wait:
            form.form_errors.append(
                _(
                    "Too many wrong passwords for this e-mail address. For your safety, wait "
                    "%(wait)s before you try again.",
                    wait=login_throttle.wait_text(wait),
                )
            )
            page = render_template("auth/login.html", form=form, next=request.args.get("next", ""))
            return page, 429, {"Retry-After": str(wait)}
        result, user, first_login = accounts.authenticate(email, form.password.data or "")
        if result == accounts.LoginResult.BAD_CREDENTIALS:
            wait = login_throttle.record_failure(email, client)
        else:
            login_throttle.record_success(email, client)
        if result == accounts.LoginResult.OK and user is not None:
            session.clear()  # a fresh session on log-in (no fixation)
            login_user(user, remember=form.remember.data)
            if first_login:
                flash(_("Welcome, %(name)s.", name=user.name), "success")
            else:
                flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(safe_back(url_for("main.dashboard"), "next"))
        if result == accounts.LoginResult.UNVERIFIED and user is not None:
            session["pending_email"] = user.email
            flash(_("Please confirm your e-mail address first: open the link we sent you."), "info")
            return redirect(url_for("auth.check_email"))
        form.form_errors.append(_("That e-mail and password do not match an account."))
        if wait:
            form.form_errors.append(
                _(
                    "For your safety, the next try with this e-mail address has to wait %(wait)s.",
                    wait=login_throttle.wait_text(wait),
                )
            )
    return render_template("auth/login.html", form=form, next=request.args.get("next", ""))


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    form = ActionForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        accounts.end_all_sessions(acting_user())
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
def forgot_password() -> ResponseReturnValue:
    form = EmailOnlyForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data or "")
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    if accounts.user_for_reset_token(token) is None:
        flash(_("This reset link has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.reset_password(token, form.new_password.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        else:
            if user is not None:
                logout_user()
                flash(_("Your password is changed. Log in with the new one."), "success")
                return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account", methods=["GET"])
@login_required
def account() -> ResponseReturnValue:
    return _account_page()


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit("10 per hour")
def change_password() -> ResponseReturnValue:
    password_form = ChangePasswordForm()
    if password_form.validate_on_submit():
        try:
            accounts.change_password(
                acting_user(),
                password_form.current_password.data or "",
                password_form.new_password.data or "",
            )
        except ValidationFailed as error:
            show_error(password_form, error)
        else:
            # The token rotated: every other device is logged out; keep this one logged in.
            login_user(acting_user())
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(400, password_form=password_form)


@bp.route("/account/email", methods=["POST"])
@login_required
@limiter.limit("10 per hour")
def change_email() -> ResponseReturnValue:
    email_form = ChangeEmailForm(prefix="email")
    if email_form.validate_on_submit():
        try:
            accounts.request_email_change(
                acting_user(),
                email_form.current_password.data or "",
                email_form.new_email.data or "",
            )
        except ValidationFailed as error:
            show_error(email_form, error)
        else:
            flash(
                _(
                    "We sent a link to %(email)s. Open it to finish the change.",
                    email=email_form.new_email.data,
                ),
                "info",
            )
            return redirect(url_for("auth.account"))
    return _account_page(400, email_form=email_form)


def _account_page(status: int = 200, **forms: Form) -> tuple[str, int]:
    """The account page: each form as submitted when it was refused, else empty (the time-zone
    form filled with the account's zone)."""
    if "timezone_form" not in forms:
        timezone_form = TimeZoneForm(formdata=None, prefix="tz")
        timezone_form.timezone.data = current_user.timezone
        forms["timezone_form"] = timezone_form
    forms.setdefault("password_form", ChangePasswordForm())
    forms.setdefault("email_form", ChangeEmailForm(prefix="email"))
    return render_template("auth/account.html", **forms), status


@bp.route("/account/timezone", methods=["POST"])
@login_required
def change_timezone() -> ResponseReturnValue:
    form = TimeZoneForm(prefix="tz")
    if form.validate_on_submit():
        try:
            zone = accounts.set_timezone(acting_user(), form.timezone.data or "")
        except ValidationFailed as error:
            show_error(form, error)
        else:
            flash(_("Times are now shown in %(zone)s.", zone=zone_label(zone)), "success")
            return redirect(url_for("auth.account"))
    return _account_page(400, timezone_form=form)


@bp.route("/confirm-email/<token>")
def confirm_email_change(token: str) -> ResponseReturnValue:
    user = accounts.confirm_email_change(token)
    if user is None:
        flash(_("This link has expired or was already used."), "error")
        return redirect(url_for("main.index"))
    logout_user()
    flash(
        _("Your e-mail address is changed to %(email)s. Please log in again.", email=user.email),
        "success",
    )
    return redirect(url_for("auth.login"))


@bp.route("/cancel-email-change/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def cancel_email_change(token: str) -> ResponseReturnValue:
    """From the old address: stop a change of e-mail. A button, not the link itself, cancels
    (mail scanners open links)."""
    form = ActionForm()
    if form.validate_on_submit():
        user = accounts.cancel_email_change(token)
        if user is None:
            flash(_("This link has expired or was already used."), "error")
            return redirect(url_for("main.index"))
        logout_user()
        session.clear()
        flash(
            _(
                "The change is cancelled and every device is logged out. Whoever asked for it "
                "knew your password: choose a new one now."
            ),
            "success",
        )
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/cancel_email_change.html", form=form)
