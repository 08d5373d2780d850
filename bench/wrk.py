"""Run `wrk` (Debian package `wrk`) and read its results.

Every run uses `bench/lua/bench.lua` behind a generated header: the requests to rotate through
(GET paths, or POST bodies for the engine), the headers (session cookie, Authorization), and a
`done()` hook that prints one `BENCH_JSON {...}` line with the request count, errors and the
50th/90th/95th/99th latency percentiles (wrk's own `--latency` table has no 95th).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

LUA = Path(__file__).parent / "lua" / "bench.lua"


class WrkMissing(RuntimeError):
    pass


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise WrkMissing(
            "wrk not found: `apt-get install -y wrk` (Debian main); `make bench` installs it"
        )
    return found


@dataclass
class Target:
    """What one wrk run asks for: a base URL and the requests to rotate through."""

    name: str
    base_url: str  # "http://127.0.0.1:8123"
    paths: list[str]
    method: str = "GET"
    bodies: list[str] | None = None  # one per path, for POST
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    target: str
    connections: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    non_2xx: int = 0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict:
        return asdict(self)


def _lua_string(text: str) -> str:
    """A Lua long string that cannot be closed by the text itself."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    eq = "=" * level
    # A long string drops a first newline; a leading newline in the text must survive.
    return f"[{eq}[\n{text}]{eq}]"


def write_script(target: Target, directory: Path) -> Path:
    lines = [f"bench_method = {_lua_string(target.method)}", "bench_headers = {"]
    for name, value in target.headers.items():
        lines.append(f"  [ {_lua_string(name)} ] = {_lua_string(value)},")
    lines += ["}", "bench_requests = {"]
    for i, path in enumerate(target.paths):
        body = target.bodies[i] if target.bodies else None
        body_lua = _lua_string(body) if body is not None else "nil"
        lines.append(f"  {{ path = {_lua_string(path)}, body = {body_lua} }},")
    lines.append("}")
    script = directory / f"wrk-{re.sub(r'[^a-z0-9]+', '-', target.name.lower())}.lua"
    script.write_text("\n".join(lines) + "\n\n" + LUA.read_text())
    return script


_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s*(\d+)")
_RPS = re.compile(r"Requests/sec:\s*([\d.]+)")


def parse(output: str, target: str, connections: int) -> Result:
    line = next((x for x in output.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary for {target}:\n{output[-2000:]}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6 or 1e-9
    rps_match = _RPS.search(output)
    non_2xx = _NON_2XX.search(output)
    return Result(
        target=target,
        connections=connections,
        seconds=round(seconds, 2),
        requests=data["requests"],
        rps=float(rps_match.group(1)) if rps_match else data["requests"] / seconds,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors=data["errors"],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def run(
    target: Target,
    connections: int,
    seconds: float,
    directory: Path,
    timeout_s: int = 10,
) -> Result:
    """One wrk run: `connections` clients for `seconds`, `--latency`, our Lua script."""
    script = write_script(target, directory)
    threads = max(1, min(2, connections))
    command = [
        wrk_binary(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout_s}s",
        "--latency",
        "-s",
        str(script),
        target.base_url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + timeout_s + 30, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    try:
        return parse(done.stdout, target.name, connections)
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n{done.stderr[-2000:]}") from None
