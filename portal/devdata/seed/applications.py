"""Applications: seekers apply to jobs of their own market (popular jobs get more), each moved
through plausible stages (one `ApplicationEvent` per step), revealing the seeker to the
organization as applying does. A finished job's applicants were mostly turned down (or hired,
if it was filled)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from portal.devdata.seed.bulk import CHUNK
from portal.devdata.seed.draw import Weighted
from portal.devdata.seed.state import JobInfo, Row, SeedState, Seeker, Seekers
from portal.devdata.seed.trade import PIPELINE, TRACKS, stage_weights
from portal.devdata.seed.wording import NOTES, fmt
from portal.extensions import db
from portal.models import Application, ApplicationEvent, ProfileReveal

# Final stages, per job status.
_STAGES = {
    status: Weighted(list(weights), list(weights.values()))
    for status, weights in {
        "published": stage_weights(),
        "closed": stage_weights(applied=10, reviewing=6, rejected=50, hired=1),
        "expired": stage_weights(applied=10, reviewing=6, rejected=50, hired=1),
        "filled": stage_weights(applied=10, reviewing=6, rejected=50, hired=8),
    }.items()
}
_SCORE_BY_STAGE = {"hired": 86, "offer": 82, "interview": 76, "shortlisted": 74, "rejected": 52}


@dataclass
class _Batch:
    apps: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    reveals: list[Row] = field(default_factory=list)


@dataclass
class _Pools:
    """Where each market's seekers apply, and who has applied where and been seen by whom:
    (job, seeker) is unique and a reveal is one per (profile, organization)."""

    by_market: dict[str, Weighted[JobInfo]]
    everywhere: Weighted[JobInfo]
    members: dict[int, list[int]]
    # Between a seeker's turns, as tuples (a set each held ~3x the memory at millions).
    applied: dict[int, tuple[int, ...]] = field(default_factory=dict)
    revealed: dict[int, tuple[int, ...]] = field(default_factory=dict)


def applications(state: SeedState) -> None:
    rng = state.rng
    wanted = state.sizes.applications
    if not wanted or not state.jobs or not state.seekers:
        return
    pools = _pools(state)
    counts = _how_many_each(rng, state.seekers, wanted)
    batch = _Batch()
    made = 0
    for _round in range(4):  # later rounds top up what small markets could not take
        for i, count in enumerate(counts):
            if count <= 0:
                continue
            sent = _apply_for(state, pools, state.seekers[i], count, batch)
            counts[i] -= sent
            made += sent
            if len(batch.apps) >= CHUNK:
                _flush(state, batch)
                batch = _Batch()
        short = wanted - made
        if short <= 0:
            break
        # Give the rest to random seekers for the next round.
        counts = [0] * len(state.seekers)
        for i in rng.choices(range(len(state.seekers)), k=short):
            counts[i] += 1
    _flush(state, batch)


def _pools(state: SeedState) -> _Pools:
    """Popular jobs get more applicants; each market has its own pool."""
    by_market: dict[str, list[JobInfo]] = {}
    for job in state.jobs:
        by_market.setdefault(job.market, []).append(job)
    return _Pools(
        by_market={
            m: Weighted(jobs, [1 / (i + 1) ** 0.5 for i in range(len(jobs))])
            for m, jobs in by_market.items()
        },
        everywhere=Weighted(state.jobs, [1.0] * len(state.jobs)),
        members={org.id: org.member_ids for org in state.orgs},
    )


def _how_many_each(rng: random.Random, seekers: Seekers, wanted: int) -> list[int]:
    """A heavy tail: most send a few, some send dozens."""
    activity = [rng.paretovariate(1.6) for _ in range(len(seekers))]
    scale = wanted / sum(activity)
    counts = [int(a * scale) for a in activity]
    short = wanted - sum(counts)
    for i in rng.sample(range(len(counts)), k=min(len(counts), max(short, 0))):
        counts[i] += 1
    return counts


def _apply_for(state: SeedState, pools: _Pools, seeker: Seeker, count: int, batch: _Batch) -> int:
    """Up to `count` applications from one seeker (mostly in their market); how many were sent."""
    rng = state.rng
    pool = pools.by_market.get(seeker.market) or pools.everywhere
    mine = set(pools.applied.get(seeker.user_id, ()))
    orgs_seen = set(pools.revealed.get(seeker.profile_id, ()))
    sent = 0
    for _try in range(count * 3):
        if sent == count:
            break
        job = pool.pick(rng) if rng.random() < 0.9 else pools.everywhere.pick(rng)
        if job.id in mine:
            continue
        mine.add(job.id)
        sent += 1
        _one_application(state, job, seeker, pools.members[job.org_id], batch)
        if job.org_id not in orgs_seen:
            orgs_seen.add(job.org_id)
            batch.reveals.append(
                {
                    "id": state.take(ProfileReveal),
                    "profile_id": seeker.profile_id,
                    "organization_id": job.org_id,
                    "reason": "applied",
                    "created_at": batch.apps[-1]["created_at"],
                }
            )
    if sent:
        pools.applied[seeker.user_id] = tuple(mine)
        pools.revealed[seeker.profile_id] = tuple(orgs_seen)
    return sent


def _flush(state: SeedState, batch: _Batch) -> None:
    state.insert(Application, batch.apps)
    state.insert(ApplicationEvent, batch.events)
    state.insert(ProfileReveal, batch.reveals)
    db.session.commit()
    state.progress("applications", len(batch.apps))


def _one_application(
    state: SeedState, job: JobInfo, seeker: Seeker, member_ids: list[int], batch: _Batch
) -> None:
    rng = state.rng
    app_id = state.take(Application)
    stage, path = _stage_path(rng, job)
    age = max((state.now - job.published_at).total_seconds(), 3600)
    created = job.published_at + timedelta(seconds=int(rng.uniform(0, min(age, 30 * 86400))))
    when = _events(state, app_id, seeker.user_id, member_ids, path, created, batch)
    score = int(min(99, max(5, rng.gauss(_SCORE_BY_STAGE.get(stage, 66), 12))))
    answers, misses = _answers(rng, job)
    batch.apps.append(
        {
            "id": app_id,
            "job_id": job.id,
            "organization_id": job.org_id,
            "seeker_id": seeker.user_id,
            "profile_id": seeker.profile_id,
            "invitation_id": None,
            "stage": stage,
            "cover_note": _cover_note(rng, seeker.track),
            "answers": answers,
            "misses_dealbreaker": misses,
            "match_score": score,
            "match_eligible": score >= 50 and not misses and rng.random() < 0.92,
            "match_items": [],
            "resume_file": None,
            "resume_name": None,
            "rating": rng.randint(2, 5)
            if stage not in ("applied", "withdrawn") and rng.random() < 0.4
            else None,
            "created_at": created,
            "stage_changed_at": when,
            "updated_at": when,
        }
    )


def _stage_path(rng: random.Random, job: JobInfo) -> tuple[str, list[str]]:
    """Where the application ended up, and the stages it went through to get there."""
    stage = _STAGES.get(job.status, _STAGES["published"]).pick(rng)
    if stage in PIPELINE:
        return stage, list(PIPELINE[: PIPELINE.index(stage) + 1])
    depth = rng.choices((1, 2, 3, 4), (55, 25, 12, 8))[0]
    return stage, [*PIPELINE[:depth], stage]


def _events(
    state: SeedState,
    app_id: int,
    seeker_id: int,
    member_ids: list[int],
    path: list[str],
    created: datetime,
    batch: _Batch,
) -> datetime:
    """One event per step, hours to days apart; returns when the last one happened."""
    rng = state.rng
    when = created
    previous = None
    for step in path:
        if previous is not None:
            when = min(when + timedelta(hours=rng.uniform(6, 120)), state.now)
        actor = seeker_id if step in ("applied", "withdrawn") else rng.choice(member_ids)
        batch.events.append(
            {
                "id": state.take(ApplicationEvent),
                "application_id": app_id,
                "actor_id": actor,
                "from_stage": previous,
                "to_stage": step,
                "created_at": when,
            }
        )
        previous = step
    return when


def _answers(rng: random.Random, job: JobInfo) -> tuple[list[dict[str, Any]], bool]:
    answers = []
    misses = False
    for qid, text, must in job.questions:
        answer = rng.random() < (0.96 if must else 0.7)
        misses |= must and not answer
        answers.append({"question_id": qid, "text": text, "must_be_yes": must, "answer": answer})
    return answers, misses


def _cover_note(rng: random.Random, track_key: str) -> str:
    note = rng.choice(NOTES)
    if not note:
        return ""
    track = TRACKS[track_key]
    return fmt(
        note,
        spec=track.title.lower(),
        years=rng.randint(2, 9),
        cred=(track.held or ("CPC",))[0],
        acc=97,
        system="Epic",
    )
