"""Demo applications in several stages, a message thread, an invitation waiting for an answer and
a saved search, made through the same services the pages use (see `portal.devdata.demo`). Every demo
application and invitation is for a job the seeker fits, so none needs "apply anyway"."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_request_context

from portal.devdata.demo.people import profile_of
from portal.extensions import db
from portal.models import Application, Job, User
from portal.services import alerts, applications, messages


def _job(title: str) -> Job | None:
    job: Job | None = db.session.scalar(sa.select(Job).where(Job.title == title))
    return job


def _apply(user: User, title: str, note: str) -> Application:
    job = _job(title)
    if job is None:
        raise LookupError(f"No demo job called {title!r}")
    data = applications.ApplyInput(
        cover_note=note, answers={q.id: True for q in job.questions}, resume="none"
    )
    return applications.apply(user, job.id, data).application


def demo_applications(users: dict[str, User]) -> None:
    if not has_request_context():  # e-mails carry absolute links built with url_for
        with current_app.test_request_context("/"):
            return demo_applications(users)
    priya = users["priya.nair@example.in"]
    maria = users["maria.gonzalez@example.com"]
    linda = users["linda.brooks@example.com"]
    james = users["recruiter@mercyvalley.example"]

    # Priya: invited to interview, with a message thread.
    application = _apply(
        priya,
        "Remote outpatient coder, US day shift (from the US or India)",
        "I code outpatient and E/M visits for US practices every night from Kochi, which is "
        "your day shift.",
    )
    applications.move(james, [application.id], "reviewing")
    applications.move(james, [application.id], "interview")
    messages.send_message(
        james,
        application.id,
        "Hello Priya, thank you for applying. Could we talk on Thursday at 8:00 am Central "
        "(7:30 pm India time) for about 30 minutes?",
    )
    messages.send_message(priya, application.id, "Yes, Thursday works for me. Thank you!")
    applications.add_note(james, application.id, "Strong E/M audit scores. Ask about Epic.")
    applications.set_rating(james, application.id, 4)

    # Linda: shortlisted; Maria: one being reviewed, one not going ahead (the role went to
    # someone who could start sooner).
    application = _apply(
        linda,
        "Risk adjustment coder (CRC), part time, flexible hours",
        "Twenty years of HCC reviews; I can start next month.",
    )
    applications.move(james, [application.id], "shortlisted")
    application = _apply(
        maria,
        "Inpatient coder, part-time mornings (remote)",
        "Nine years of inpatient DRG coding and validation; I can work 7 to 12 Central.",
    )
    applications.move(james, [application.id], "reviewing")
    application = _apply(maria, "DRG validation auditor, per diem (remote)", "")
    applications.move(james, [application.id], "rejected")

    # Priya: invited by ClearClaim to its US day shift from India (she has not answered yet).
    job = _job("Work-from-home E/M coder for US clinics (US day shift, India)")
    if job is not None and job.is_public():
        applications.invite(
            users["hr@clearclaim-bpo.example"],
            job.id,
            profile_of(priya).id,
            "Your E/M experience and evening hours fit our New York day-shift team.",
        )

    # Priya keeps a weekly e-mail of new remote CPC jobs.
    alerts.save_search(priya, "jobs", "mode=remote&credential=CPC", "Remote CPC jobs", "weekly")
    return None
