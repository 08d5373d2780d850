"""Forms of applying, the pipeline, notes, ratings, messages and invitations."""

from __future__ import annotations

import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from portal import uploads
from portal.forms import Form
from portal.models import Job, Stage
from portal.models.application import stage_label
from portal.services.applications import MAX_COVER_NOTE, MAX_INVITATION_MESSAGE, MAX_NOTE
from portal.services.messages import MAX_MESSAGE

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


class ApplyForm(Form):
    # The job page's "Apply for this job" button posts without this field: that shows the form.
    send = HiddenField()  # rendered with value="1"
    cover_note = TextAreaField(
        _l("A short note to the employer"),
        description=_l("Say why this job suits you. A few sentences are enough."),
        validators=[
            Optional(),
            Length(max=MAX_COVER_NOTE, message=_l("Use at most 5000 characters.")),
        ],
    )
    resume_choice = RadioField(_l("Résumé"), validators=[Optional()], validate_choice=False)
    resume_file = uploads.UploadField(
        _l("Upload a résumé for this job"),
        description=_l("A PDF of 5 MB or less."),
        validators=[uploads.FileCheck(uploads.PDF_ONLY)],
    )
    # Shown only when the seeker misses a hard requirement; the view names it in the label.
    confirm_unmet = BooleanField(
        _l("I know I do not meet a requirement of this job and want to apply anyway"),
        description=_l("The employer will see that you applied knowing this."),
    )

    def question_fields(self) -> list[Field]:
        return [f for f in self if f.name.startswith("q_")]

    def answers(self) -> dict[int, bool | None]:
        result: dict[int, bool | None] = {}
        for f in self.question_fields():
            qid = int(f.name[2:])
            result[qid] = None if f.data not in ("yes", "no") else f.data == "yes"
        return result


def apply_form_for(job: Job, has_profile_resume: bool, **kwargs: Any) -> ApplyForm:
    """An apply form with one yes/no question per screening question of the job."""

    class JobApplyForm(ApplyForm):
        pass

    for question in job.questions:
        hint = (
            _l("Employers ask this of everyone.")
            if not question.must_be_yes
            else _l("The employer needs a yes to this. You can still apply if your answer is no.")
        )
        setattr(
            JobApplyForm,
            f"q_{question.id}",
            RadioField(
                question.text,
                choices=YES_NO,
                description=hint,
                validators=[InputRequired(_l("Answer yes or no."))],
            ),
        )
    form = JobApplyForm(**kwargs)
    choices = []
    if has_profile_resume:
        choices.append(("profile", _l("Send the résumé from my profile")))
    choices += [
        ("upload", _l("Upload a different résumé for this job")),
        ("none", _l("Do not send a résumé")),
    ]
    form.resume_choice.choices = choices
    if not form.resume_choice.data:
        form.resume_choice.data = "profile" if has_profile_resume else "none"
    return form


def stage_choices(include_applied: bool = True) -> list[tuple[str, str]]:
    stages = [s for s in Stage if s != Stage.WITHDRAWN]
    if not include_applied:
        stages = [s for s in stages if s != Stage.APPLIED]
    return [(s.value, stage_label(s)) for s in stages]


class MoveForm(Form):
    stage = SelectField(
        _l("Move to"),
        validators=[InputRequired(_l("Choose a stage."))],
        validate_choice=False,
    )
    email_rejection = BooleanField(
        _l("E-mail a kind note to people moved to “Not going ahead”"),
        description=_l("Off unless you tick it. They always see the new status on their page."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stage.choices = stage_choices()


class NoteForm(Form):
    # Its own id: the message form on the same page also has a `body` (labels, error links).
    body = TextAreaField(
        _l("Add a note"),
        id="note_body",
        description=_l("Only people in your organization see notes."),
        validators=[
            InputRequired(_l("Write the note first.")),
            Length(max=MAX_NOTE, message=_l("Use at most 5000 characters.")),
        ],
    )


class RatingForm(Form):
    rating = RadioField(
        _l("Your rating"),
        description=_l("1 is weak, 5 is strong. Only your organization sees it."),
        choices=[("", _l("No rating"))] + [(str(n), str(n)) for n in range(1, 6)],
        validate_choice=True,
        validators=[Optional()],
    )


def new_submission_token() -> str:
    return secrets.token_urlsafe(16)


class MessageForm(Form):
    # One token per form shown: sending the same form twice (a double click, a reload, a
    # retry after a timeout) stores the message once.
    submission = HiddenField(default=new_submission_token, validators=[Length(max=64)])
    body = TextAreaField(
        _l("Your message"),
        validators=[
            InputRequired(_l("Write your message first.")),
            Length(max=MAX_MESSAGE, message=_l("Use at most 5000 characters.")),
        ],
    )


class InviteForm(Form):
    message = TextAreaField(
        _l("A short message"),
        description=_l("Why you think this job suits them. Do not ask for money or documents."),
        validators=[
            Optional(),
            Length(max=MAX_INVITATION_MESSAGE, message=_l("Use at most 1000 characters.")),
        ],
    )
