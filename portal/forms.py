"""The base of every form, and helpers shared by every area's forms."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any, TypeVar

from flask import request
from flask_wtf import FlaskForm
from wtforms import Field, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from portal.errors import DomainError
from portal.text import clean_line, clean_multiline

_FieldT = TypeVar("_FieldT", bound=Field)


def _cleaner(multiline: bool) -> Callable[[object], object]:
    clean = clean_multiline if multiline else clean_line

    def strip_control_characters(value: object) -> object:
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, list):
            return [clean(v) if isinstance(v, str) else v for v in value]
        return value

    return strip_control_characters


class Form(FlaskForm):
    """Every form of the site derives from this one: each field's submitted text loses its
    control characters before any validator or service sees it (see `portal.text`)."""

    class Meta(FlaskForm.Meta):
        def bind_field(
            self,
            form: BaseForm,
            unbound_field: UnboundField[_FieldT],
            options: MutableMapping[str, Any],
        ) -> _FieldT:
            multiline = issubclass(unbound_field.field_class, TextAreaField)
            filters = [_cleaner(multiline), *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, **{**options, "filters": filters})


def show_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's refusal next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


class ActionForm(Form):
    """A bare form for buttons that change state (close, delete, log out): CSRF only."""


# No list runs to this many pages; a larger ?page= would overflow the database's OFFSET.
MAX_PAGE = 10_000


def requested_page() -> int:
    """The `?page=` of a paged list: a whole number from 1 to `MAX_PAGE` (anything else: 1)."""
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= MAX_PAGE else 1
