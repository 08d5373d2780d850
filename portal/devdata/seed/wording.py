"""The words of seeded profiles, jobs, screening questions and cover notes: templates filled in
with the person's or the job's own specialty, systems and figures."""

from __future__ import annotations

from typing import Any

SUMMARY_OPENERS = (
    "I code {spec} charts for {clients} and keep my accuracy above {acc}% in quality audits.",
    "{years} years of {spec} coding for {clients}, with {acc}% accuracy in monthly audits.",
    "Certified coder ({creds}) working on {spec} records for {clients}.",
    "I review {spec} documentation and assign {sets} codes for {clients}.",
)
SUMMARY_MIDDLES = (
    "I query physicians when documentation is unclear and follow the official guidelines.",
    "Comfortable with {systems} and with productivity targets of {charts} charts a day.",
    "I keep up with the yearly code updates and complete my CEUs early.",
    "I have trained new coders and helped our team pass external audits.",
    "I work well on my own from home and answer messages within the hour.",
    "Used to denials work: I find why a claim was refused and fix the coding.",
)
SUMMARY_CLOSERS = {
    "day": "Looking for a steady day-shift role.",
    "school_hours": "Looking for hours that fit around my children's school day.",
    "mornings": "Available in the mornings while my children are at school.",
    "evenings": "Available in the evenings and happy to take overflow work.",
    "retiree": "Retired from a hospital coding team and back for a few hours a week.",
    "weekend": "Available at weekends for backlog and overflow work.",
    "us_night": "Happy to work US day hours on the Indian night shift, from home.",
    "us_evening": "Can work the early US shift from India, evenings and nights.",
    "homemaker": "Returning to work after a break; looking for part-time work from home.",
    "evening": "Available after my main job, Sunday to Thursday evenings.",
}
CLIENTS = {
    "US": ("a multi-specialty physician group", "a 300-bed community hospital",
           "a Medicare Advantage plan", "a coding services company", "rural health clinics"),
    "IN": ("US physician practices", "US hospitals through an outsourcing firm",
           "a US revenue-cycle company", "US health plans"),
    "GULF": ("a private hospital group", "a day-surgery centre", "an insurance company",
             "outpatient polyclinics"),
}  # fmt: skip

JOB_INTROS = (
    "{org} is hiring {article} {title_lower} to join a team of {team} coders.",
    "Join {org} as {article} {title_lower}. You will code {spec} records and work with our "
    "coding educators and CDI specialists.",
    "We are looking for {article} {title_lower} who takes pride in accurate, well-documented "
    "coding of {spec} encounters.",
)
JOB_BULLETS = (
    "Assign {sets} codes from the documentation, following the official guidelines",
    "Meet a productivity target of about {charts} charts a day with {acc}% accuracy or better",
    "Query providers when documentation is incomplete or conflicting",
    "Work in {systems} every day",
    "Take part in monthly quality reviews and coding education",
    "Keep your credentials current; we pay for your CEUs",
    "Flag denials trends and help fix their cause",
)
JOB_MODES = {
    "remote": "This is a work-from-home role. We send you a laptop, monitors and a headset.",
    "hybrid": "Hybrid: three days a week at our {city} office, two from home.",
    "onsite": "You work at our {city} office with the rest of the coding team.",
}
JOB_CLOSERS = (
    "We never ask candidates for any fee.",
    "Benefits from day one, paid time off and a yearly training budget.",
    "New coders get a preceptor for their first three months.",
    "Apply with your credentials and a short note about your experience.",
)
QUESTIONS = (
    ("Do you hold an active {cred} credential?", True),
    ("Can you work the shift in this posting?", True),
    ("Do you have at least {years} years of {spec} coding experience?", False),
    ("Do you have a quiet, private place to work from home?", True),
    ("Have you coded with {system} before?", False),
)
NOTES = (
    "I have coded {spec} charts for {years} years and can start in two weeks.",
    "Your shift fits my hours exactly. I hold {cred} and work with {system} every day.",
    "I would love to join your team; my last audit score was {acc}%.",
    "",
    "",
)


def fmt(template: str, **values: Any) -> str:
    return template.format(**values)
