"""The mixed journeys of `python -m bench.loadtest` (run by locust, not imported by the portal).

Three kinds of visitor, weighted like a job board's traffic: anonymous people searching jobs and
reading job pages, seekers (searching, applying, editing their profile) and employers (searching
candidates, reading best candidates, moving applicants through the pipeline). Everything goes
through the real pages and forms: CSRF tokens are read from the page, accounts log in with the
seeded password. Every answer is checked against what the journey expects; anything else
(5xx, an unexpected 4xx or redirect) is a locust failure. Every write locust saw succeed is
appended to $LOADTEST_WRITES (one JSON line) for the runner to find in the database and the
search engine.

A seeker or employer "visit" is a log-in, about a dozen actions, then a fresh session with the
next account of that visitor's own share (no two visitors share an account or an organization,
so the runner can check the final state of each) and its own client address: the portal sees
X-Forwarded-For (TRUSTED_PROXIES=1) from a loopback address per visit, as it would see distinct
people, so per-address rate limits apply per person and not to the whole load.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import string
import threading
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

from bench.loadtest.forms import HtmlForm, csrf_token, form_with

ACCOUNTS: dict[str, Any] = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text())
WRITES_PATH = os.environ["LOADTEST_WRITES"]
_writes_lock = threading.Lock()
_slots = {"seeker": itertools.count(), "employer": itertools.count()}
_addresses = itertools.count(1)
ACTIONS_PER_VISIT = 12

WORDS = [
    *("coder", "coding", "medical", "billing", "inpatient", "outpatient", "auditor", "remote"),
    *("CPC", "CCS", "risk adjustment", "HCC", "denials", "profee", "surgery", "radiology"),
]
FILTERS = {
    "mode": ["remote", "hybrid", "onsite"],
    "credential": ["CPC", "CCS", "RHIT", "CRC", "COC"],
    "type": ["full_time", "part_time", "contract"],
    "country": ["US", "IN", "PH"],
}
JOB_LINK = re.compile(r'href="/jobs/(\d+)(?:/[^"?#]*)?"')
PIPELINE_LINK = re.compile(r'href="/employer/jobs/(\d+)/applicants[?"]')
EMPLOYER_JOB_LINK = re.compile(r'href="/employer/jobs/(\d+)(?:/[a-z]*)?["?]')
APPLICATION_ID = re.compile(r'name="application_ids"[^>]*value="(\d+)"')
STAGES = ["applied", "reviewing", "shortlisted", "interview", "offer", "rejected"]


def record(kind: str, **data: Any) -> None:
    line = json.dumps({"kind": kind, "at": time.time(), **data})
    with _writes_lock, open(WRITES_PATH, "a") as out:
        out.write(line + "\n")


def token(length: int = 10) -> str:
    """A word no seeded text contains: letters only, so the engine's tokenizer keeps it whole."""
    return "zq" + "".join(random.choices(string.ascii_lowercase, k=length))


def job_search_path() -> str:
    params = [f"q={random.choice(WORDS).replace(' ', '+')}"]
    for name in random.sample(list(FILTERS), k=random.randint(0, 3)):
        params.append(f"{name}={random.choice(FILTERS[name])}")
    if random.random() < 0.2:
        params.append(f"page={random.randint(2, 3)}")
    return "/jobs?" + "&".join(params)


class Visitor(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.actions = 0
        self.new_address()

    def new_address(self) -> None:
        n = next(_addresses)
        self.client.headers["X-Forwarded-For"] = f"127.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"

    def get(self, path: str, name: str, expect: tuple[int, ...] = (200,)) -> Any:
        """GET, following redirects; a status outside `expect` is a failure. The response."""
        with self.client.get(path, name=name, catch_response=True) as answer:
            if answer.status_code not in expect:
                answer.failure(f"{answer.status_code} (expected {expect}) for {path}")
            else:
                answer.success()
            return answer

    def post(self, path: str, data: Any, name: str, expect: tuple[int, ...] = (302, 303)) -> Any:
        """POST without following the redirect (its target says what happened)."""
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code not in expect:
                answer.failure(f"{answer.status_code} (expected {expect}) for POST {path}")
            else:
                answer.success()
            return answer

    def search_jobs(self) -> list[str]:
        answer = self.get(job_search_path(), "/jobs?[filters]")
        return JOB_LINK.findall(answer.text) if answer.status_code == 200 else []

    def read_a_job(self, ids: list[str]) -> None:
        if ids:
            self.get(f"/jobs/{random.choice(ids)}", "/jobs/[id]")


class Anonymous(Visitor):
    weight = 5

    @task(6)
    def search_and_read(self) -> None:
        ids = self.search_jobs()
        for _ in range(random.randint(0, 2)):
            self.read_a_job(ids)

    @task(1)
    def home(self) -> None:
        self.get("/", "/")


class SignedIn(Visitor):
    abstract = True
    role = ""

    def on_start(self) -> None:
        super().on_start()
        self.slot = next(_slots[self.role])
        self.visit = 0
        self.log_in()

    def accounts(self) -> list[str]:
        raise NotImplementedError

    def log_in(self) -> None:
        mine = self.accounts()
        self.email = mine[self.visit % len(mine)] if mine else ""
        self.visit += 1
        self.client.cookies.clear()
        self.new_address()
        self.actions = 0
        page = self.get("/auth/login", "/auth/login")
        data = {"email": self.email, "password": ACCOUNTS["password"]}
        data["csrf_token"] = csrf_token(page.text) or ""
        self.post("/auth/login", data, "/auth/login [POST]", expect=(302,))

    def act(self) -> None:
        """Count an action; after a visit's worth, the next account logs in."""
        self.actions += 1
        if self.actions >= ACTIONS_PER_VISIT:
            self.log_in()

    def share(self, items: list[Any]) -> list[Any]:
        """This visitor's own items: every n-th, n = the number of visitors of this kind."""
        step = max(1, int(ACCOUNTS["users"]))
        return items[self.slot % step :: step] if len(items) > self.slot % step else items[:1]


class Seeker(SignedIn):
    weight = 3
    role = "seeker"

    def accounts(self) -> list[str]:
        return self.share(ACCOUNTS["seekers"])

    @task(3)
    def search_and_read(self) -> None:
        self.read_a_job(self.search_jobs())
        self.act()

    @task(2)
    def apply(self) -> None:
        ids = self.search_jobs()
        if not ids:
            return self.act()
        job = random.choice(ids)
        opened = self.get(f"/jobs/{job}/apply", "/jobs/[id]/apply")
        form = form_with(opened.text, "send") if opened.status_code == 200 else None
        # Already applied (the application's page) or refused (back to the job page, flashed).
        if form is None or "/apply" not in opened.url:
            return self.act()
        self.fill_application(form)
        sent = self.post(f"/jobs/{job}/apply", form.fields, "/jobs/[id]/apply [POST]")
        where = re.search(r"/applications/(\d+)/sent", sent.headers.get("Location", ""))
        if where:
            record("application", id=int(where.group(1)), job=int(job), email=self.email)
            self.get(f"/applications/{where.group(1)}/sent", "/applications/[id]/sent")
        self.act()

    @staticmethod
    def fill_application(form: HtmlForm) -> None:
        form.set("send", "1")
        form.set("cover_note", "Load test: I code E/M and surgery daily and would like this job.")
        # The screening questions: yes/no radio buttons, none ticked until the seeker answers.
        for name, values in form.choices.items():
            if name.startswith("q_") and "yes" in values:
                form.set(name, "yes")
        form.set("confirm_unmet", "y")

    @task(2)
    def edit_profile(self) -> None:
        page = self.get("/profile/basics", "/profile/basics")
        form = form_with(page.text, "headline") if page.status_code == 200 else None
        if form is None:
            return self.act()
        headline = f"Certified coder {token()}"
        form.set("headline", headline)
        saved = self.post("/profile/basics", form.fields, "/profile/basics [POST]")
        if saved.status_code in (302, 303):
            record("profile", email=self.email, headline=headline)
        self.act()


class Employer(SignedIn):
    weight = 2
    role = "employer"

    def accounts(self) -> list[str]:
        # One account per organization, organizations shared out among the employer visitors.
        return [members[0] for members in self.share(ACCOUNTS["employers"])]

    @task(3)
    def search_candidates(self) -> None:
        params = [f"q={random.choice(WORDS).replace(' ', '+')}"]
        if random.random() < 0.6:
            params.append(f"credential={random.choice(FILTERS['credential'])}")
        if random.random() < 0.4:
            params.append(f"mode={random.choice(FILTERS['mode'])}")
        self.get("/candidates?" + "&".join(params), "/candidates?[filters]")
        self.act()

    @task(2)
    def best_candidates(self) -> None:
        jobs = self.get("/employer/jobs", "/employer/jobs")
        ids = sorted(set(EMPLOYER_JOB_LINK.findall(jobs.text)))
        if ids:
            self.get(
                f"/employer/jobs/{random.choice(ids)}/candidates", "/employer/jobs/[id]/candidates"
            )
        self.act()

    @task(3)
    def move_applicants(self) -> None:
        overview = self.get("/employer/applicants", "/employer/applicants")
        jobs = sorted(set(PIPELINE_LINK.findall(overview.text)))
        if not jobs:
            return self.act()
        job = random.choice(jobs)
        source = random.choice(STAGES[:4])
        page = self.get(
            f"/employer/jobs/{job}/applicants?stage={source}", "/employer/jobs/[id]/applicants"
        )
        ids = sorted(set(APPLICATION_ID.findall(page.text)))
        if not ids:
            return self.act()
        chosen = random.sample(ids, k=min(len(ids), random.randint(1, 3)))
        target = random.choice([s for s in STAGES if s != source])
        data = [("csrf_token", csrf_token(page.text) or ""), ("stage", target)]
        data += [("application_ids", i) for i in chosen]
        moved = self.post(
            f"/employer/jobs/{job}/applicants/move", data, "/employer/jobs/[id]/applicants/move"
        )
        if moved.status_code in (302, 303):
            after = self.get(moved.headers["Location"], "/employer/jobs/[id]/applicants")
            done = re.search(r"Moved (\d+) to", after.text)
            if done and int(done.group(1)) == len(chosen):
                record("move", ids=[int(i) for i in chosen], stage=target, email=self.email)
            elif done:
                record(
                    "move_partial", ids=[int(i) for i in chosen], stage=target, n=int(done.group(1))
                )
        self.act()
