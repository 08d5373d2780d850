"""Graduates imported from a CSV file: upload, a per-row report, then staff confirm.

Nothing is saved but the report until staff confirm; then every valid row is saved in one
transaction (all or nothing) and each graduate is e-mailed a link to claim a pre-filled profile.
The file may come from Excel or Google Sheets: UTF-8 with or without BOM, or Windows-1252;
commas, semicolons or tabs; quoted fields with commas inside; blank lines.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from portal import taxonomy
from portal.errors import Conflict, ValidationFailed
from portal.extensions import db
from portal.limits import CREDENTIAL_NUMBER_MAX, NAME_MAX, PHONE_MAX
from portal.models import Cohort, Graduate, GraduateImport, User, utcnow
from portal.services import graduate_claims
from portal.services.school_staff import require_verified, school_row

MAX_ROWS = 10_000
INVITE_AT_ONCE = 200  # claim e-mails queued by the confirming request; the scheduler sends the rest
MAX_BYTES = 5 * 1024 * 1024
COLUMNS = ("name", "email", "credential", "credential_number", "exam_date", "phone")
REQUIRED = ("name", "email", "credential")
# Headings people write for each column (lower-case, spaces and punctuation as underscores).
HEADINGS = {
    "name": {"name", "full_name", "graduate", "student", "student_name"},
    "email": {"email", "e_mail", "email_address", "e_mail_address"},
    "credential": {"credential", "certification", "certificate", "exam"},
    "credential_number": {
        "credential_number",
        "certificate_number",
        "member_id",
        "credential_no",
        "number",
        "id_number",
    },
    "exam_date": {"exam_date", "date_passed", "passed_on", "exam_passed", "date"},
    "phone": {"phone", "mobile", "phone_number", "mobile_number", "telephone"},
}
TEMPLATE_ROWS = (
    COLUMNS,
    ("Asha Menon", "asha.menon@example.in", "CPC-A", "01234567", "2026-05-14", "+91 98470 12345"),
    ("Maria Lopez", "maria.lopez@example.com", "CCA", "", "2026-06-02", ""),
)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,}$")
_DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d-%b-%Y")


@dataclass
class Row:
    """One line of the file as read, and what is wrong with it (nothing: it can be imported)."""

    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, **self.values, "problems": self.problems}


def template_csv() -> str:
    """The downloadable template: the headings and two example rows."""
    out = io.StringIO()
    csv.writer(out).writerows(TEMPLATE_ROWS)
    return out.getvalue()


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or, failing that, Windows-1252 — what Excel writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _columns(headings: list[str]) -> dict[str, int]:
    """Which position holds each known column; raises for a missing required one."""
    found: dict[str, int] = {}
    for position, heading in enumerate(headings):
        key = _heading_key(heading)
        for column, names in HEADINGS.items():
            if key in names and column not in found:
                found[column] = position
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise ValidationFailed(
            _(
                "The first line must name the columns. Missing: %(missing)s. Found: %(found)s. "
                "Download the template to see the columns we read.",
                missing=", ".join(missing),
                found=", ".join(h.strip() for h in headings if h.strip()) or _("nothing"),
            ),
            field="file",
        )
    return found


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse_date(text: str) -> date | None:
    """ISO dates and dates with month names; 14/05/2026 or 5/14/2026 only when unambiguous."""
    text = " ".join(text.replace(",", " ").split())
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    parts = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if parts:
        first, second, year = (int(p) for p in parts.groups())
        if first > 12 >= second:
            return _safe_date(year, second, first)
        if second > 12 >= first:
            return _safe_date(year, first, second)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def credential_code(text: str) -> str | None:
    """A credential named by its code or its full name, any case."""
    wanted = text.strip().upper()
    for code, credential in taxonomy.CREDENTIALS.items():
        if code == "OTHER":
            continue
        if wanted in (code, credential.name.upper()):
            return code
    return None


def _check(row: Row, today: date) -> None:
    values, problems = row.values, row.problems
    if not values["name"]:
        problems.append(_("The name is empty."))
    elif len(values["name"]) > NAME_MAX:
        problems.append(_("The name is longer than %(n)s characters.", n=NAME_MAX))
    try:
        values["email"] = validate_email(values["email"], check_deliverability=False).normalized
        values["email"] = values["email"].lower()
    except EmailNotValidError:
        problems.append(_("“%(email)s” is not an e-mail address.", email=values["email"]))
    code = credential_code(values["credential"])
    if code is None:
        problems.append(
            _("“%(credential)s” is not a credential we know.", credential=values["credential"])
        )
    else:
        values["credential"] = code
    if len(values["credential_number"]) > CREDENTIAL_NUMBER_MAX:
        problems.append(_("The credential number is too long."))
    if values["exam_date"]:
        exam = parse_date(values["exam_date"])
        if exam is None:
            problems.append(
                _("Write the exam date like 2026-05-14 (“%(text)s”).", text=values["exam_date"])
            )
        elif exam > today + timedelta(days=366):
            problems.append(_("The exam date is more than a year away."))
        else:
            values["exam_date"] = exam.isoformat()
    if values["phone"] and (len(values["phone"]) > PHONE_MAX or not _PHONE.match(values["phone"])):
        problems.append(_("“%(phone)s” is not a phone number.", phone=values["phone"]))


def read_rows(data: bytes) -> list[Row]:
    """Every non-empty line after the headings, each checked on its own."""
    if len(data) > MAX_BYTES:
        raise ValidationFailed(_("The file is larger than 5 MB."), field="file")
    text = decode(data).replace("\x00", "")
    if not text.strip():
        raise ValidationFailed(_("The file is empty."), field="file")
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        lines = list(reader)
    except csv.Error as error:
        raise ValidationFailed(
            _("We could not read this file as CSV (%(error)s).", error=str(error)), field="file"
        ) from error
    start = next((n for n, cells in enumerate(lines) if any(c.strip() for c in cells)), None)
    if start is None:
        raise ValidationFailed(_("The file is empty."), field="file")
    columns = _columns(lines[start])
    rows: list[Row] = []
    today = date.today()
    for number, cells in enumerate(lines[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        values = {
            column: (cells[columns[column]].strip() if columns.get(column, 99) < len(cells) else "")
            for column in COLUMNS
        }
        row = Row(number, values)
        _check(row, today)
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ValidationFailed(
                _("Import at most %(n)s graduates at a time.", n=f"{MAX_ROWS:,}"), field="file"
            )
    if not rows:
        raise ValidationFailed(_("The file has headings but no graduates."), field="file")
    return rows


def _check_against_records(rows: list[Row], cohort: Cohort) -> None:
    """Duplicates within the file, existing accounts, and graduates already in a cohort."""
    first_line: dict[str, int] = {}
    for row in rows:
        email = row.values["email"]
        if email in first_line:
            row.problems.append(_("Same e-mail as line %(line)s.", line=first_line[email]))
        else:
            first_line[email] = row.line
    emails = list(first_line)
    existing: dict[str, str] = {}
    accounts: set[str] = set()
    for chunk in range(0, len(emails), 500):
        part = emails[chunk : chunk + 500]
        for email, name in db.session.execute(
            sa.select(Graduate.email, Cohort.name)
            .join(Cohort, Graduate.cohort_id == Cohort.id)
            .where(Graduate.school_id == cohort.school_id, Graduate.email.in_(part))
        ):
            existing[email] = name
        accounts.update(db.session.scalars(sa.select(User.email).where(User.email.in_(part))))
    for row in rows:
        email = row.values["email"]
        if email in existing:
            row.problems.append(_("Already in your cohort “%(name)s”.", name=existing[email]))
        elif email in accounts:
            row.problems.append(
                _(
                    "Already has an account here: ask them to add your school to their profile "
                    "(Your profile → Education)."
                )
            )


def upload(user: User, cohort_id: int, filename: str, data: bytes) -> GraduateImport:
    """Read and check the file; keep the report for the preview. Nothing else is saved."""
    cohort = school_row(user, Cohort, cohort_id)
    require_verified(cohort.school)
    rows = read_rows(data)
    _check_against_records(rows, cohort)
    pending = GraduateImport(
        school_id=cohort.school_id,
        cohort_id=cohort.id,
        created_by_id=user.id,
        filename=(filename or "graduates.csv")[:200],
        rows=[row.as_json() for row in rows],
    )
    db.session.add(pending)
    db.session.commit()
    return pending


def pending_import(user: User, import_id: int) -> GraduateImport:
    return school_row(user, GraduateImport, import_id)


def confirm(user: User, import_id: int) -> int:
    """Save every valid row, all or nothing, and queue the claim e-mails (the first
    INVITE_AT_ONCE now, the rest by the scheduler within minutes)."""
    pending = pending_import(user, import_id)
    require_verified(pending.cohort.school)
    if pending.confirmed_at is not None:
        raise Conflict(_("These graduates were already imported."))
    rows = [Row(r["line"], {c: r[c] for c in COLUMNS}) for r in pending.rows if not r["problems"]]
    _check_against_records(rows, pending.cohort)  # someone may have imported them meanwhile
    clashes = [row for row in rows if row.problems]
    if clashes:
        raise Conflict(
            _(
                "%(n)s graduates were added by someone else since you uploaded this file. "
                "Upload it again to see the new report.",
                n=len(clashes),
            )
        )
    now = utcnow()
    graduates = [
        {
            "school_id": pending.school_id,
            "cohort_id": pending.cohort_id,
            "name": row.values["name"],
            "email": row.values["email"],
            "credential": row.values["credential"],
            "credential_number": row.values["credential_number"] or None,
            "exam_date": date.fromisoformat(row.values["exam_date"])
            if row.values["exam_date"]
            else None,
            "phone": row.values["phone"] or None,
            "created_at": now,
            "invitations_sent": 0,
        }
        for row in rows
    ]
    if graduates:
        db.session.execute(sa.insert(Graduate), graduates)  # one executemany, not 10,000 objects
    pending.confirmed_at = now
    pending.imported = len(graduates)
    pending.rows = []  # the report has done its work; keep no copy of people's details
    try:
        db.session.commit()
    except sa.exc.IntegrityError as error:  # the same file confirmed twice at the same moment
        db.session.rollback()
        raise Conflict(_("These graduates were already imported.")) from error
    graduate_claims.send_new_invitations(limit=INVITE_AT_ONCE)
    return len(graduates)
