"""The profile steps' forms (step 3, the hours grid, is `availability_form`). Every message
says how to fix the problem; typed values are kept."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal import places, taxonomy, uploads
from portal.limits import HEADLINE_MAX
from portal.models import Credential, Profile
from portal.services import profiles as service
from portal.web.fields import (
    ChoiceField,
    DateInputField,
    MoneyField,
    MultiCheckboxField,
    WholeNumberField,
)
from portal.web.forms import Form

# Step 1: basics ---------------------------------------------------------------------------------


class BasicsForm(Form):
    headline = StringField(
        _l("Headline"),
        validators=[InputRequired(_l("Enter a short headline.")), Length(max=HEADLINE_MAX)],
        description=_l(
            'One line employers read first, for example "CPC coder, 6 years in outpatient clinics".'
        ),
    )
    role_types = MultiCheckboxField(
        _l("What work are you looking for?"),
        choices=taxonomy.choices(taxonomy.ROLE_TYPES),
        validators=[InputRequired(_l("Choose at least one kind of work."))],
    )
    years_experience = WholeNumberField(
        _l("Years of experience in coding or billing"),
        validators=[Optional()],
        description=_l("Count all your paid work in coding or billing. Enter 0 if you are new."),
    )
    specialties = MultiCheckboxField(
        _l("Specialties and settings you have worked in"),
        choices=taxonomy.choices(taxonomy.SPECIALTIES),
    )
    code_sets = MultiCheckboxField(
        _l("Code sets you know"),
        choices=taxonomy.choices(taxonomy.CODE_SETS),
        description=_l("ICD-10-CM and CPT are used in the US; ICD-10-AM and ACHI in Saudi Arabia."),
    )
    systems = MultiCheckboxField(
        _l("Software you have used"),
        choices=taxonomy.choices(taxonomy.SYSTEMS),
        description=_l("Encoders such as 3M or Optum, and health record systems such as Epic."),
    )
    languages = MultiCheckboxField(
        _l("Languages you can work in"), choices=taxonomy.choices(taxonomy.LANGUAGES)
    )
    summary = TextAreaField(
        _l("About you"),
        validators=[Optional(), Length(max=4000, message=_l("Use at most 4,000 characters."))],
        description=_l(
            "A few sentences about your experience. Do not write your name or phone number "
            "here: employers see them only when you apply."
        ),
    )
    country = ChoiceField(
        _l("Country you live in"),
        choices=[("", _l("Choose a country")), *taxonomy.choices(taxonomy.COUNTRIES)],
        validators=[InputRequired(_l("Choose the country you live in."))],
        invalid=_l("Choose the country you live in."),
    )
    region = StringField(
        _l("State or region"),
        validators=[Optional(), Length(max=80)],
        description=_l("For example Texas, or Kerala."),
        render_kw={"list": "region-list", "autocomplete": "address-level1"},
    )
    city = StringField(
        _l("Town or city"),
        validators=[Optional(), Length(max=120)],
        description=_l("Employers see only your state and country until you apply to them."),
        render_kw={"autocomplete": "address-level2"},
    )
    phone = StringField(
        _l("Phone number"),
        validators=[Optional(), Length(max=32)],
        description=_l("With the country code, like +91 98470 12345. Shown only when you apply."),
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    school_id = ChoiceField(
        _l("Where did you train?"),
        choices=[],
        validators=[Optional()],
        invalid=_l("Choose your school from the list."),
        description=_l("Your school can then confirm your credentials for employers."),
    )
    education = TextAreaField(
        _l("Education and training"),
        validators=[Optional(), Length(max=2000, message=_l("Use at most 2,000 characters."))],
        description=_l("For example: Medical coding diploma, 2023. B.Sc. Nursing, 2015."),
    )
    new_graduate = BooleanField(
        _l("I finished my coding training recently and am looking for my first coding job")
    )
    career_break = BooleanField(_l("I am coming back to work after a career break"))
    career_break_years = WholeNumberField(
        _l("How many years were you away from work?"),
        description=_l("Many employers welcome people returning after raising a family."),
    )

    def validate_years_experience(self, field: WholeNumberField) -> None:
        if field.data is not None and not 0 <= field.data <= service.MAX_YEARS:
            raise ValidationError(_("Enter a number of years from 0 to 60."))

    def validate_career_break_years(self, field: WholeNumberField) -> None:
        if field.data is not None and not 0 <= field.data <= service.MAX_YEARS:
            raise ValidationError(_("Enter a number of years from 0 to 60."))
        if self.career_break.data and field.data is None:
            raise ValidationError(_("Enter how many years you were away from work."))

    def validate_region(self, field: Field) -> None:
        value = (field.data or "").strip()
        country = self.country.data
        if value and country in places.REGIONS and places.region_code(country, value) is None:
            example = "Texas" if country == "US" else "Kerala"
            raise ValidationError(
                _(
                    "Enter a state of %(country)s, like %(example)s.",
                    country=taxonomy.COUNTRIES[country],
                    example=example,
                )
            )

    def validate_phone(self, field: Field) -> None:
        value = (field.data or "").strip()
        digits = re.sub(r"\D", "", value)
        if value and (not re.fullmatch(r"\+?[\d\s().-]+", value) or not 6 <= len(digits) <= 15):
            raise ValidationError(_("Enter a phone number like +91 98470 12345."))

    def load(self, profile: Profile) -> None:
        for name in (
            "headline",
            "role_types",
            "years_experience",
            "specialties",
            "code_sets",
            "systems",
            "languages",
            "summary",
            "country",
            "region",
            "city",
            "phone",
            "education",
            "new_graduate",
            "career_break_years",
        ):
            getattr(self, name).data = getattr(profile, name)
        self.school_id.data = str(profile.school_id) if profile.school_id else ""
        self.career_break.data = profile.career_break_years is not None

    def to_input(self) -> service.Basics:
        return service.Basics(
            headline=self.headline.data or "",
            role_types=list(self.role_types.data or []),
            country=self.country.data or "",
            summary=self.summary.data or "",
            phone=self.phone.data or "",
            years_experience=self.years_experience.data or 0,
            specialties=list(self.specialties.data or []),
            code_sets=list(self.code_sets.data or []),
            systems=list(self.systems.data or []),
            languages=list(self.languages.data or []),
            region=self.region.data or "",
            city=self.city.data or "",
            school_id=int(self.school_id.data) if self.school_id.data else None,
            education=self.education.data or "",
            new_graduate=bool(self.new_graduate.data),
            career_break_years=self.career_break_years.data if self.career_break.data else None,
        )


# Step 2: credentials ----------------------------------------------------------------------------


class CredentialForm(Form):
    kind = ChoiceField(
        _l("Credential"),
        choices=[("", _l("Choose a credential")), *taxonomy.credential_choices()],
        validators=[InputRequired(_l("Choose a credential from the list."))],
        invalid=_l("Choose a credential from the list."),
        description=_l("CPC-A: you passed the CPC exam but have less than 2 years of experience."),
    )
    other_name = StringField(
        _l("Name of the credential"),
        validators=[Optional(), Length(max=120)],
        description=_l('Only if you chose "Other credential" above.'),
    )
    number = StringField(
        _l("Member or certificate number"),
        validators=[Optional(), Length(max=64)],
        description=_l(
            "Private: only you, our administrators and your school see it. It helps us check "
            "your credential with AAPC or AHIMA."
        ),
    )
    issued_on = DateInputField(_l("Date you got it"), validators=[Optional()])
    expires_on = DateInputField(
        _l("Date it expires"),
        validators=[Optional()],
        description=_l("AAPC and AHIMA credentials are renewed every 2 years."),
    )
    proof = uploads.UploadField(
        _l("Proof: your certificate (PDF, PNG or JPEG, at most 5 MB)"),
        validators=[uploads.FileCheck(uploads.DOCUMENTS)],
        description=_l("A photo or scan of your certificate or membership card."),
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"},
    )
    remove_proof = BooleanField(_l("Remove the proof I uploaded"))

    def validate_other_name(self, field: Field) -> None:
        if self.kind.data == "OTHER" and not (field.data or "").strip():
            raise ValidationError(_("Enter the name of the credential."))

    def validate_expires_on(self, field: DateInputField) -> None:
        problem = service.expiry_problem(self.issued_on.data, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_issued_on(self, field: DateInputField) -> None:
        if field.data and field.data > date.today():
            raise ValidationError(_("Enter a date that is today or in the past."))

    def load(self, credential: Credential) -> None:
        self.kind.data = credential.kind
        self.other_name.data = credential.other_name or ""
        self.number.data = credential.number or ""
        self.issued_on.data = credential.issued_on
        self.expires_on.data = credential.expires_on

    def to_input(self) -> service.CredentialInput:
        return service.CredentialInput(
            kind=self.kind.data or "",
            other_name=self.other_name.data or "",
            number=self.number.data or "",
            issued_on=self.issued_on.data,
            expires_on=self.expires_on.data,
        )


# Step 4: pay and privacy -----------------------------------------------------------------------


class PayPrivacyForm(Form):
    pay_min = MoneyField(
        _l("Lowest pay you would accept"),
        validators=[Optional()],
        description=_l("Leave empty if you would rather not say."),
    )
    pay_max = MoneyField(_l("Up to (for a range)"), validators=[Optional()])
    currency = ChoiceField(
        _l("Currency"),
        choices=[("", _l("Choose a currency")), *taxonomy.choices(taxonomy.CURRENCIES)],
        validators=[Optional()],
        invalid=_l("Choose the currency of the amount."),
    )
    pay_period = ChoiceField(
        _l("How often"),
        choices=[("", _l("Choose")), *taxonomy.choices(taxonomy.PAY_PERIODS)],
        validators=[Optional()],
        invalid=_l("Choose whether the amount is per hour, chart, month or year."),
    )
    open_to_work = RadioField(
        _l("Are you looking for work now?"),
        choices=[("yes", _l("Yes, show me to employers")), ("no", _l("Not right now"))],
        validators=[InputRequired(_l("Say whether you are looking for work now."))],
        description=_l("When you say not right now, employers do not find you in search."),
    )
    visibility = RadioField(
        _l("Who can see your profile?"),
        choices=[
            ("employers", _l("Employers on CoderMatch")),
            ("hidden", _l("Nobody: hide my profile")),
        ],
        validators=[InputRequired(_l("Choose who can see your profile."))],
        description=_l(
            "A hidden profile is not shown to anyone, not even your school, until you change "
            "this. You can still apply to jobs."
        ),
    )
    anonymous = BooleanField(
        _l("Hide my name and contact details until I apply or accept an invitation"),
        description=_l(
            "Recommended. Employers then see your skills, hours, state and country, but not "
            "your name, e-mail, phone, town or résumé."
        ),
    )
    resume = uploads.UploadField(
        _l("Résumé (PDF, at most 5 MB)"),
        validators=[uploads.FileCheck(uploads.PDF_ONLY)],
        render_kw={"accept": ".pdf,application/pdf"},
    )
    remove_resume = BooleanField(_l("Remove my résumé"))

    def validate_pay_min(self, field: MoneyField) -> None:
        problem = service.pay_problem(field.data, None)
        if problem:
            raise ValidationError(problem[1])

    def validate_pay_max(self, field: MoneyField) -> None:
        if self.pay_min.errors:
            problem = service.pay_problem(None, field.data)
        else:
            problem = service.pay_problem(self.pay_min.data, field.data)
        if problem:
            raise ValidationError(problem[1])

    def _has_amount(self) -> bool:
        return self.pay_min.data is not None or self.pay_max.data is not None

    def validate_currency(self, field: Field) -> None:
        if self._has_amount() and not field.data:
            raise ValidationError(_("Choose the currency of the amount."))

    def validate_pay_period(self, field: Field) -> None:
        if self._has_amount() and not field.data:
            raise ValidationError(_("Choose whether the amount is per hour, chart, month or year."))

    def load(self, profile: Profile) -> None:
        self.pay_min.data, self.pay_max.data = profile.pay_min, profile.pay_max
        self.currency.data = profile.currency or ""
        self.pay_period.data = profile.pay_period or ""
        self.open_to_work.data = "yes" if profile.open_to_work else "no"
        self.visibility.data = profile.visibility.value
        self.anonymous.data = profile.anonymous

    def to_input(self) -> service.PayPrivacy:
        return service.PayPrivacy(
            open_to_work=self.open_to_work.data == "yes",
            visibility=self.visibility.data or "",
            anonymous=bool(self.anonymous.data),
            pay_min=self.pay_min.data,
            pay_max=self.pay_max.data,
            currency=self.currency.data or "",
            pay_period=self.pay_period.data or "",
        )


# Verification -------------------------------------------------------------------------------


class VerifyForm(Form):
    method = StringField(
        _l("How did you check it?"),
        validators=[
            InputRequired(_l("Say how you checked this credential.")),
            Length(max=200, message=_l("Use at most 200 characters.")),
        ],
        description=_l(
            'For example "Checked the AAPC credential directory" or "Our exam records".'
        ),
        render_kw={"list": "method-list"},
    )


class ProofReviewForm(Form):
    """An administrator sends a credential proof back: rejected, or a new one asked for."""

    outcome = RadioField(
        _l("What should happen to this proof?"),
        choices=[
            ("ask_again", _l("Ask for a new proof (unreadable, cut off, another name)")),
            ("reject", _l("Reject it (it does not show this credential)")),
        ],
        validators=[InputRequired(_l("Choose what should happen to the proof."))],
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Reason the coder will read"),
        validators=[
            InputRequired(_l("Write the reason the coder will read.")),
            Length(max=1000, message=_l("Use at most 1000 characters.")),
        ],
        render_kw={"rows": 3},
    )
