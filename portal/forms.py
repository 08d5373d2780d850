"""Helpers shared by every area's forms."""

from __future__ import annotations

from flask_wtf import FlaskForm

from portal.errors import DomainError


def show_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's refusal next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


class ActionForm(FlaskForm):
    """A bare form for buttons that change state (close, delete, log out): CSRF only."""
