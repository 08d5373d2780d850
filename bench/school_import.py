"""`python -m bench.school_import [--rows N]`: how long a school waits to import a large cohort.

Times the two steps staff wait for — upload (read, check every line, look up existing accounts
and cohorts) and confirm (save the graduates, queue one claim e-mail each) — on a fresh database
in a temporary instance folder (SQLite; `DATABASE_URL` for PostgreSQL).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date

from portal import create_app
from portal.extensions import db
from portal.models import Cohort, Role, School, User
from portal.security import hash_password
from portal.services import graduate_import
from portal.services.graduate_claims import send_new_invitations
from portal.services.graduate_import import INVITE_AT_ONCE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"INSTANCE_PATH": instance, "SERVER_URL": "http://127.0.0.1:5000"})
        with app.app_context(), app.test_request_context("/"):
            db.create_all()
            owner = User(
                name="Owner", email="owner@school.example", role=Role.SCHOOL,
                password_hash=hash_password("not used here at all"),
            )  # fmt: skip
            school = School(owner=owner, name="Bench Academy", country="US")
            cohort = Cohort(
                school=school, name="Batch", credential="CPC-A",
                starts_on=date(2026, 1, 1), graduates_on=date(2026, 6, 1),
            )  # fmt: skip
            db.session.add_all([owner, school, cohort])
            db.session.commit()
            text = "name,email,credential,credential_number,exam_date,phone\n" + "".join(
                f"Graduate {n},g{n}@example.com,CPC-A,{n},2026-05-14,\n" for n in range(rows)
            )
            started = time.perf_counter()
            pending = graduate_import.upload(owner, cohort.id, "bench.csv", text.encode())
            checked = time.perf_counter()
            imported = graduate_import.confirm(owner, pending.id)
            confirmed = time.perf_counter()
            while send_new_invitations():
                pass
            invited = time.perf_counter()
    print(
        f"{rows:,} lines ({len(text) / 1e6:.1f} MB): upload and check {checked - started:.2f} s; "
        f"confirm (saves {imported:,} graduates, queues the first {INVITE_AT_ONCE} e-mails) "
        f"{confirmed - checked:.2f} s; the scheduler queues the other e-mails in "
        f"{invited - confirmed:.2f} s"
    )


if __name__ == "__main__":
    main()
