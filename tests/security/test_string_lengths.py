"""Every string column's length is enforced before the database: each form of the site, sent as
the page gives it with one text field at its limit and past it, answers without a 500 on
SQLite and PostgreSQL. (On SQLite `tests/string_lengths.py` refuses over-long writes the way
PostgreSQL does, so a length that only the database would have caught fails here too.)"""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.models import Role, User
from tests.fixtures.string_lengths import StringTooLong
from tests.security.site_walker import as_submitted, distinct_forms, log_in


def test_an_overlong_string_is_refused_on_every_database(app):
    db.session.add(User(email="x@example.com", name="n" * 121, password_hash="x", role=Role.SEEKER))
    with pytest.raises(StringTooLong, match=r"users\.name holds 120 characters; 121"):
        db.session.flush()
    db.session.rollback()


def _lengths(maxlength: int | None) -> list[int]:
    """At the limit the page announces and one past it; without one, long and very long."""
    return [maxlength, maxlength + 1] if maxlength else [1_001, 70_000]


def test_every_text_field_of_every_form_is_limited_before_the_database(demo_site, client):
    forms = [f for f in distinct_forms(demo_site.forms) if f.method == "POST"]
    failures, accepted, sent = [], 0, 0
    for form in forms:
        text_fields = [f for f in form.fields if f.is_text or f.kind == "hidden"]
        if not text_fields:
            continue
        if not log_in(client, form.account):
            continue
        baseline = as_submitted(form)
        accepted += client.post(form.action, data=MultiDict(baseline)).status_code in (302, 303)
        for field in text_fields:
            if field.name == "csrf_token":
                continue
            for length in _lengths(field.maxlength):
                data = [(k, v) for k, v in baseline if k != field.name]
                data.append((field.name, "a" * length))
                status = client.post(form.action, data=MultiDict(data)).status_code
                sent += 1
                if status >= 500:
                    failures.append(f"{form}: {field.name} × {length} → {status}")
                if status in (302, 303) and form.account:
                    log_in(client, form.account)  # a change of password or e-mail logs out
    assert failures == []
    # The walk really reached the database: forms sent as the page gives them were accepted.
    assert accepted >= 15, f"only {accepted} of {len(forms)} forms accepted their own values"
    assert sent >= 100
