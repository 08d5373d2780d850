"""Is the index what the database says it should be? `flask search check [--repair]`.

Every index is compared with the documents the database would send: ids missing from the
index, ids it should no longer have, and documents whose content differs. A repair writes an
outbox row per difference and drains the outbox, so it takes the same path as every change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import meilisearch

from portal.extensions import db
from portal.models import SearchOutbox
from portal.search import documents
from portal.search.client import write_client
from portal.search.settings import ENTITY_INDEX, INDEXES, index_uid
from portal.search.sync import drain, ensure_indexes, index_exists


@dataclass
class CheckReport:
    missing: dict[str, list[int]] = field(default_factory=dict)
    extra: dict[str, list[int]] = field(default_factory=dict)
    stale: dict[str, list[int]] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)  # indexes that do not exist at all

    @property
    def ok(self) -> bool:
        return not self.absent and not any(
            (*self.missing.values(), *self.extra.values(), *self.stale.values())
        )


def _canonical(doc: dict[str, Any]) -> str:
    return json.dumps(doc, sort_keys=True, default=str)


def _index_ids(client: meilisearch.Client, uid: str, page: int = 1000) -> set[int]:
    ids: set[int] = set()
    offset = 0
    while True:
        body = {"fields": ["id"], "limit": page, "offset": offset}
        response = client.http.post(f"indexes/{uid}/documents/fetch", body)
        # Companion documents ("12-1": a job's further office) are refreshed with their job.
        ids.update(int(d["id"]) for d in response["results"] if str(d["id"]).isdigit())
        offset += page
        if offset >= response["total"]:
            return ids


def _index_documents(
    client: meilisearch.Client, uid: str, ids: list[int]
) -> dict[int, dict[str, Any]]:
    body = {"ids": [str(i) for i in ids], "limit": len(ids)}
    response = client.http.post(f"indexes/{uid}/documents/fetch", body)
    return {int(d["id"]): d for d in response["results"]}


def check(repair: bool = False, batch_size: int = 1000) -> CheckReport:
    """Compare database and index: ids missing or extra, documents whose content differs.

    With `repair`, a missing index is created first (with its settings), then every difference
    gets an outbox row and the outbox is drained, so repairs take the same path (and the same
    checks) as every other change.
    """
    client = write_client()
    report = CheckReport()
    for name in INDEXES:
        source = documents.source_for_index(name)
        uid = index_uid(name)
        exists = index_exists(client, uid)
        if not exists:
            report.absent.append(name)
        in_index = _index_ids(client, uid) if exists else set()
        expected: set[int] = set()
        stale: list[int] = []
        for ids in source.iter_ids(batch_size):
            loaded = {i: d for i, d in source.load(ids).items() if d is not None}
            db.session.commit()
            expected.update(loaded)
            present = [i for i in loaded if i in in_index]
            if present:
                live = _index_documents(client, uid, present)
                stale += [
                    i
                    for i in present
                    if i in live
                    and _canonical(json.loads(_canonical(loaded[i]))) != _canonical(live[i])
                ]
        report.checked[name] = len(expected)
        report.missing[name] = sorted(expected - in_index)
        report.extra[name] = sorted(in_index - expected)
        report.stale[name] = sorted(stale)
    if repair and not report.ok:
        if report.absent:
            ensure_indexes(client)
        entity_of = {index: entity for entity, index in ENTITY_INDEX.items()}
        for name in INDEXES:
            for entity_id in {*report.missing[name], *report.extra[name], *report.stale[name]}:
                db.session.add(SearchOutbox(entity=entity_of[name], entity_id=entity_id))
        db.session.commit()
        drain()
    return report
