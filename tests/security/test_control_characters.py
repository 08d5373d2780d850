"""Control characters: cleaned from every form field (one place, `portal.web.forms.Form`),
refused in addresses and query strings, and a NUL never reaches PostgreSQL (it used to give a
500)."""

from __future__ import annotations

import importlib
import io
import pkgutil

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm

import portal.blueprints
from portal.extensions import db
from portal.models import Message, User
from portal.services.legal import current_terms
from portal.text import clean_line, clean_multiline
from portal.web.forms import Form
from tests.fixtures.factories import UserFactory


def _all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(portal.blueprints.__path__, "portal.blueprints."):
        importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("portal."):
                found.append(sub)
    return found


def test_every_form_of_the_site_cleans_its_fields():
    forms = _all_form_classes()
    assert len(forms) > 20
    strays = [f"{f.__module__}.{f.__name__}" for f in forms if not issubclass(f, Form)]
    assert strays == [], "derive these from portal.web.forms.Form, not FlaskForm"


def test_cleaning_rules():
    assert clean_line("Coder\r\nBcc: x@evil.example\x00\x1b[31m") == "Coder Bcc: x@evil.example[31m"
    assert clean_line("tab\there") == "tab here"
    assert clean_multiline("one\r\ntwo\rthree\n\tfour\x0b\x0c\x00\x85") == "one\ntwo\nthree\n\tfour"


def test_a_name_with_line_breaks_is_saved_as_one_line(client):
    response = client.post(
        "/auth/signup",
        data={
            "role": "seeker",
            "name": "Asha\r\nBcc: everyone@example.com\x07",
            "email": "asha@example.in",
            "password": "a quiet harbour at dawn",
            "adult": "y",
            "terms_version": current_terms().number,
        },
    )
    assert response.status_code == 302
    assert db.session.scalars(sa.select(User)).one().name == "Asha Bcc: everyone@example.com"


def test_a_message_keeps_its_lines_and_loses_other_controls(world, applied, client, auth):
    auth.login(world.priya.email)
    body = "Hello,\r\n\r\nTuesday works.\x0b\x1b[2J\r\nPriya"
    response = client.post(f"/applications/{applied.id}", data={"body": body})
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Message)).one().body == "Hello,\n\nTuesday works.[2J\nPriya"


@pytest.mark.parametrize(
    "path",
    [
        "/companies/acme%00",
        "/jobs?q=coder%00",
        "/jobs?q%00=coder",
        "/auth/verify/abc%00def",
        "/auth/login?next=/dashboard%0d%0aSet-Cookie:x=1",
        "/jobs?q=%1b%5b31m",
    ],
)
def test_control_characters_in_addresses_are_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Something in the request was not right" in response.get_data(as_text=True)


def test_a_nul_in_any_form_value_is_a_400_not_a_500(client, auth):
    UserFactory(email="coder@example.com")
    response = client.post("/auth/login", data={"email": "coder@example.com\x00", "password": "x"})
    assert response.status_code == 400
    auth.login("coder@example.com")
    response = client.post(
        "/auth/account/email",
        data={"email-new_email": "a@example.com", "email-current_password": "p\x00"},
    )
    assert response.status_code == 400


def test_a_nul_in_an_uploaded_files_name_is_a_400(client):
    response = client.post(
        "/auth/login",
        data={"email": "coder@example.com", "resume": (io.BytesIO(b"%PDF-1.4"), "cv\x00.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
