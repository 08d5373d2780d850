"""What the load test watches while locust runs: memory of every process it owns, and how long
each write locust saw succeed takes to become searchable."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import indexing

ANON = " (anonymous)"


def memory_mb(pid: int) -> tuple[float, float] | None:
    """(VmRSS, RssAnon) of a process in MB, or None if it is gone. RSS counts the pages of
    files a process maps, which Meilisearch's database (LMDB) is: those are the kernel's page
    cache, given back under pressure. Anonymous memory is the heap, where a leak shows."""
    found: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key = line.split(":", 1)[0]
                if key in ("VmRSS", "RssAnon"):
                    found[key] = int(line.split()[1]) / 1024
    except OSError:
        return None
    if "VmRSS" not in found:
        return None
    return found["VmRSS"], found.get("RssAnon", found["VmRSS"])


@dataclass
class MemorySampler:
    """RSS and anonymous memory of every process we own, by role, every `interval` seconds
    (a thread); the anonymous figure is kept under the role's name plus `ANON`."""

    roles: Callable[[], dict[str, list[int]]]
    interval: float
    samples: list[dict[str, Any]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> MemorySampler:
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        while True:
            sample: dict[str, Any] = {"t": round(time.monotonic() - self._started, 1)}
            for role, pids in self.roles().items():
                sizes = [m for m in map(memory_mb, pids) if m is not None]
                sample[role] = [round(rss, 1) for rss, _ in sizes]
                sample[role + ANON] = [round(anon, 1) for _, anon in sizes]
            self.samples.append(sample)
            if self._stop.wait(self.interval):
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self, window: float) -> dict[str, Any]:
        return memory_summary(self.samples, window)


def memory_summary(samples: list[dict[str, Any]], window: float) -> dict[str, Any]:
    """Per role, the mean total RSS over the first `window` seconds, the next `window` (after
    the processes' warm-up: the first sample is taken before the first request) and the last."""
    if not samples:
        return {}
    end = samples[-1]["t"]
    first = [s for s in samples if s["t"] <= window]
    second = [s for s in samples if window < s["t"] <= 2 * window]
    last = [s for s in samples if s["t"] >= end - window]
    out = {}
    for role in sorted({k for s in samples for k in s if k != "t"}):

        def mean(group: list[dict[str, Any]], role: str = role) -> float:
            totals = [sum(s[role]) for s in group if s.get(role)]
            return round(sum(totals) / len(totals), 1) if totals else 0.0

        peak = max((sum(s.get(role) or [0]) for s in samples), default=0.0)
        out[role] = {
            "first_mb": mean(first),
            "second_mb": mean(second),
            "last_mb": mean(last),
            "peak_mb": round(peak, 1),
        }
    return out


@dataclass
class FreshnessWatcher:
    """Tails the writes file; each sampled profile edit is searched for in the engine (its new
    headline, a word found nowhere else) until the profile is a hit: seconds from the moment
    locust saw the save succeed. `profile_of` gives None for a profile that has no search
    document (hidden from employers): those edits are counted, not sampled."""

    writes: Path
    engine: indexing.Engine
    index: str
    profile_of: Callable[[str], int | None]
    every: int = 1  # sample every n-th profile edit
    give_up: float = 30.0
    delays: list[float] = field(default_factory=list)
    unseen: list[dict[str, Any]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> FreshnessWatcher:
        self._pending: list[tuple[dict[str, Any], int]] = []
        self._offset = 0
        self._seen = 0
        self._hidden = 0
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def _read_new(self) -> None:
        if not self.writes.exists():
            return
        with self.writes.open() as source:
            source.seek(self._offset)
            chunk = source.read()
        complete = chunk[: chunk.rfind("\n") + 1]
        self._offset += len(complete.encode())
        for line in complete.splitlines():
            write = json.loads(line)
            if write["kind"] != "profile":
                continue
            self._seen += 1
            if self._seen % self.every:
                continue
            profile = self.profile_of(write["email"])
            if profile is None:  # a profile employers cannot find: never in the engine
                self._hidden += 1
            else:
                self._pending.append((write, profile))

    def _found(self, write: dict[str, Any], profile: int) -> bool:
        word = write["headline"].split()[-1]
        try:
            answer = self.engine.request(
                "POST",
                f"/indexes/{self.index}/search",
                {"q": word, "limit": 20, "attributesToRetrieve": ["id"]},
            )
        except Exception:  # the engine busy with the reindex: try again
            return False
        return any(hit.get("id") == profile for hit in answer.get("hits", []))

    def _loop(self) -> None:
        while True:
            self._read_new()
            still = []
            for write, profile in self._pending:
                waited = time.time() - write["at"]
                if self._found(write, profile):
                    self.delays.append(round(max(0.0, waited), 3))
                elif waited > self.give_up:
                    self.unseen.append(write)
                else:
                    still.append((write, profile))
            self._pending = still
            if self._stop.is_set() and not self._pending:
                return
            time.sleep(0.1)

    def finish(self) -> None:
        """Stop after every pending write was found or given up on."""
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.delays)

        def pct(p: float) -> float | None:
            if not ordered:
                return None
            return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

        return {
            "sampled": len(ordered) + len(self.unseen),
            "seen": len(ordered),
            "unseen": len(self.unseen),
            "not_sampled_hidden": self._hidden,
            "p50_s": pct(50),
            "p95_s": pct(95),
            "max_s": ordered[-1] if ordered else None,
            "within_3s": sum(1 for d in ordered if d <= 3.0),
        }
