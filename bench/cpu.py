"""How much CPU *other* processes used while we measured.

A benchmark on a shared 2-core machine is only as good as the machine is quiet. Around each wrk
run we read the machine's busy time (/proc/stat) and the CPU time of the processes this run owns
(the orchestrator with its finished children such as wrk, the gunicorn servers and their
workers, the search worker, Meilisearch); the difference is what everything else used. The
report shows it per measurement, so a noisy figure is visible as such.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICKS


def process_seconds(pid: int, with_children: bool = False) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    total = utime + stime + ((cutime + cstime) if with_children else 0)
    return total / TICKS


@dataclass
class Sample:
    wall: float
    busy: float
    ours: float


class ForeignLoad:
    """`sample()` before and `share(before)` after a measurement: the share of one core that
    processes outside this run used in between (0.0 = quiet, 1.0 = a whole core)."""

    def __init__(self, our_pids: Callable[[], Iterable[int]]) -> None:
        self.our_pids = our_pids

    def _ours(self) -> float:
        total = process_seconds(os.getpid(), with_children=True)
        for pid in set(self.our_pids()):
            total += process_seconds(pid)
        return total

    def sample(self) -> Sample:
        return Sample(time.monotonic(), machine_busy_seconds(), self._ours())

    def share(self, before: Sample) -> float:
        after = self.sample()
        wall = after.wall - before.wall
        if wall <= 0:
            return 0.0
        # Our processes' children that ended meanwhile are not counted as ours: keep it >= 0.
        foreign = (after.busy - before.busy) - (after.ours - before.ours)
        return max(0.0, foreign / wall)

    def wait_until_quiet(
        self, threshold: float = 0.15, window: float = 5.0, timeout: float = 0.0, log=print
    ) -> float:
        """Wait (at most `timeout` seconds) until others use less than `threshold` of a core
        over `window` seconds. Returns the last share seen."""
        deadline = time.monotonic() + timeout
        while True:
            before = self.sample()
            time.sleep(window)
            share = self.share(before)
            if share < threshold or time.monotonic() >= deadline:
                return share
            log(f"other processes use {share:.0%} of a core; waiting for a quieter machine")
