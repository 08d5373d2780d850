"""The administrator's forms: the evidence behind a verification, a reason, and the audit
log's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal import taxonomy
from portal.services.audit import ACTIONS
from portal.services.verification import GULF_COUNTRIES, REGISTRATION_KINDS, Evidence
from portal.web.fields import DateInputField
from portal.web.forms import Form


class EvidenceForm(Form):
    """What the administrator checked. Fields a person can type wrong are re-checked by
    `services.verification.check_evidence` (an EIN's prefix, a GSTIN's check character)."""

    registration_kind = RadioField(
        _l("Which official register did you check?"),
        choices=list(REGISTRATION_KINDS.items()),
        validators=[InputRequired(_l("Choose the register you checked."))],
        validate_choice=False,
    )
    registration_country = SelectField(
        _l("Country of the commercial registration"),
        choices=[("", _l("Only for a Gulf registration"))]
        + [(code, taxonomy.COUNTRIES[code]) for code in GULF_COUNTRIES],
        validators=[Optional()],
        validate_choice=False,
    )
    registration_number = StringField(
        _l("Registration number"),
        validators=[
            InputRequired(_l("Enter the registration number you checked.")),
            Length(max=64, message=_l("Use at most 64 characters.")),
        ],
        description=_l("As the register shows it, for example 12-3456789 or 27AAPFU0939F1ZV."),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    website = StringField(
        _l("Website you looked at"),
        validators=[Optional(), Length(max=300, message=_l("Use at most 300 characters."))],
        description=_l("Its address, if it has one; leave it empty if it has none."),
    )
    contact_name = StringField(
        _l("Person you spoke to"),
        validators=[
            InputRequired(_l("Enter the name of the person you spoke to.")),
            Length(max=120, message=_l("Use at most 120 characters.")),
        ],
        description=_l("Name and role, for example: Anita Rao, HR manager."),
    )
    contact_detail = StringField(
        _l("How you reached them"),
        validators=[
            InputRequired(_l("Say how you reached them, for example the phone number you called.")),
            Length(max=200, message=_l("Use at most 200 characters.")),
        ],
        description=_l(
            "A number or address you found yourself (the register, the website), not one the "
            "applicant gave you."
        ),
    )
    note = TextAreaField(
        _l("Anything else you checked"),
        validators=[Optional(), Length(max=1000, message=_l("Use at most 1000 characters."))],
        render_kw={"rows": 3},
    )
    # Set by the confirmation page's buttons: "yes" verifies, "change" goes back to the form.
    confirm = HiddenField()

    def to_evidence(self) -> Evidence:
        return Evidence(
            registration_kind=self.registration_kind.data or "",
            registration_number=self.registration_number.data or "",
            registration_country=self.registration_country.data or "",
            website=self.website.data or "",
            contact_name=self.contact_name.data or "",
            contact_detail=self.contact_detail.data or "",
            note=self.note.data or "",
        )


class ReasonForm(Form):
    reason = TextAreaField(
        _l("Reason they will read"),
        validators=[
            InputRequired(_l("Write the reason they will read.")),
            Length(max=1000, message=_l("Use at most 1000 characters for the reason.")),
        ],
        render_kw={"rows": 4},
    )


class RejectJobForm(Form):
    reason = TextAreaField(
        _l("Reason the employer will read"),
        validators=[
            InputRequired(
                _l(
                    "Write the reason the employer will read, for example: the job asks for a "
                    "training fee."
                )
            ),
            Length(max=1000, message=_l("Use at most 1000 characters for the reason.")),
        ],
        render_kw={"rows": 4},
    )


class AuditFilterForm(Form):
    """The audit log's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField(
        _l("What happened"),
        choices=[("", _l("Everything"))] + list(ACTIONS.items()),
        validators=[Optional()],
        default="",
    )
    actor = StringField(
        _l("Who (e-mail address or part of it)"),
        validators=[Optional(), Length(max=254, message=_l("Use at most 254 characters."))],
    )
    since = DateInputField(
        _l("From"),
        validators=[Optional()],
        description=_l("For example 2026-11-01"),
    )
    until = DateInputField(
        _l("Until"),
        validators=[Optional()],
        description=_l("For example 2026-11-30"),
    )
