"""The processes a benchmark run owns: gunicorn servers and the search worker, plus memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from portal.search.server import free_port

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_WORKERS = 2  # see docs/PERFORMANCE.md: the pages are CPU-bound on 2 cores


def rss_mb(pid: int) -> float | None:
    """Resident memory (VmRSS) of a process in MB, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    """Direct children of a process (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces, so split after the last ")".
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def _get(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0


@dataclass
class Server:
    """A process we started; `stop()` ends it (and its children, via the process group)."""

    name: str
    process: subprocess.Popen
    log_path: Path
    url: str | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _start(name: str, command: list[str], env: dict[str, str], log_dir: Path) -> Server:
    log_path = log_dir / f"{name}.log"
    log = log_path.open("ab")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so stop() reaches gunicorn's workers
    )
    return Server(name, process, log_path)


def start_gunicorn(
    name: str,
    app: str,
    env: dict[str, str],
    log_dir: Path,
    workers: int = GUNICORN_WORKERS,
    health_path: str = "/",
    wait: float = 60.0,
) -> Server:
    """`gunicorn --workers N` (sync workers) on a free loopback port, as the README runs it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        app,
    ]
    server = _start(name, command, env, log_dir)
    server.url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{name} exited:\n{server.log_tail()}")
        # Both workers must have been forked before the clock starts.
        if _get(server.url + health_path) == 200 and len(children(server.pid)) >= workers:
            return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not answer within {wait:.0f}s:\n{server.log_tail()}")


def start_search_worker(env: dict[str, str], log_dir: Path) -> Server:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "search", "worker"]
    return _start("search-worker", command, env, log_dir)
