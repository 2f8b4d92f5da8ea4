"""Benchmark the running server: logging an event at 100 requests/s, and "Today" with a
year of dense data. Prints figures and their ratio to DESIGN.md's quality bars.

It builds a throwaway data directory, loads a 52-week demo family, starts `nestling serve`
(gunicorn, SQLite in WAL mode) on a free loopback port, and drives it from this process.
Server time is read from each response's Server-Timing header, so client overhead is not
counted; client round-trip time is printed beside it.

    uv run python bench/bench_server.py [--seconds 10] [--rate 100] [--throughput-seconds 10]
        [--workers 2] [--threads 2] [--against REV]

Then 4 clients send POSTs back to back for ``--throughput-seconds`` (closed loop), which is
how issue #12 compared servers: it prints the requests per second.

``--against REV`` measures an earlier release the same way in the same run, one after the
other, and prints each figure's ratio to it: REV is checked out beside this checkout
(``git worktree``, under the system's temporary folder) with its own locked environment
(``uv sync --frozen``, this interpreter, no download of Python). ``--against previous``
means :data:`PREVIOUS_RELEASE`, the last commit before issue #12's work began.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import queue
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MEMORY_TARGET_MB = 250.0  # issue #12: the default `nestling serve` in total, after load
LOG_P99_TARGET_MS = 20.0  # DESIGN.md: logging an event, p99 server time at 100 req/s
TODAY_TARGET_MS = 50.0  # DESIGN.md: "Today" with a year of dense data
NESTLING = str(Path(sys.executable).with_name("nestling"))
ROOT = Path(__file__).resolve().parents[1]
#: The release issue #12 measured (2026-11-24): every app process imported the statistics.
PREVIOUS_RELEASE = "849ae7e"


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children.get(current, [])
    return out


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB: PSS shares each shared page among its users."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss / 1024, pss / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_ms(response: object) -> float:
    header = response.headers.get("Server-Timing", "")  # type: ignore[attr-defined]
    match = re.search(r"dur=([0-9.]+)", header)
    return float(match[1]) if match else float("nan")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def wait_for(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - loopback
            return
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("nestling serve exited early") from None
            time.sleep(0.3)
    raise SystemExit("nestling serve did not start")


@dataclass
class Figures:
    """What one run of one server measured."""

    label: str
    demo: str = ""
    server: list[float] = field(default_factory=list)  # POST server times, ms
    client: list[float] = field(default_factory=list)  # POST round trips from when due, ms
    failures: list[str] = field(default_factory=list)
    achieved: float = 0.0  # requests per second actually sent
    today: list[float] = field(default_factory=list)  # Today server times, ms
    throughput: float = 0.0  # 4 clients back to back, requests per second
    closed_failures: list[str] = field(default_factory=list)
    memory: list[tuple[int, float, float]] = field(default_factory=list)  # pid, RSS, PSS

    @property
    def rss(self) -> float:
        return sum(r for _, r, _ in self.memory)

    @property
    def pss(self) -> float:
        return sum(p for _, _, p in self.memory)


def load_demo(nestling: str, weeks: int, figures: Figures) -> tuple[dict[str, str], str]:
    """A throwaway data directory with a demo family; the environment and an API token."""
    data_dir = tempfile.mkdtemp(prefix="nestling-bench-")
    env = {**os.environ, "NESTLING_DATA_DIR": data_dir}
    print(f"[{figures.label}] loading a {weeks}-week demo family into {data_dir} ...", flush=True)
    figures.demo = subprocess.run(
        [nestling, "demo", "--no-serve", "--weeks", str(weeks)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[0]
    print(figures.demo)
    token = subprocess.run(
        [nestling, "token", "create", "--user", "mum", "--name", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return env, token


def logged_in(base: str) -> urllib.request.OpenerDirector:
    """A cookie-keeping opener logged in as the demo's mum."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/login/").read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]  # type: ignore[index]
    form = urllib.parse.urlencode(
        {"username": "mum", "password": "nestling-demo", "csrfmiddlewaretoken": csrf}
    ).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": base}))
    return opener


def open_loop(
    port: int, body: bytes, auth: dict[str, str], seconds: float, rate: float, figures: Figures
) -> None:
    """POSTs at a fixed rate from 8 client threads; lateness counts in the round trip."""
    lock = threading.Lock()
    schedule: queue.Queue[float | None] = queue.Queue()

    def worker() -> None:
        # One keep-alive connection per worker, so the client spends little CPU
        # on the two cores it shares with the server.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while (due := schedule.get()) is not None:
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            started = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/events", body=body, headers=auth)
                response = conn.getresponse()
                response.read()
            except OSError as exc:
                with lock:
                    figures.failures.append(str(exc))
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            with lock:
                figures.server.append(server_ms(response))
                figures.client.append((time.perf_counter() - min(due, started)) * 1000)
                if response.status != 201:
                    figures.failures.append(f"status {response.status}")
        conn.close()

    print(f"[{figures.label}] POST /api/v1/events at {rate:.0f} req/s for {seconds:.0f} s ...")
    total = int(seconds * rate)
    start = time.perf_counter() + 0.2
    for i in range(total):
        schedule.put(start + i / rate)
    workers = [threading.Thread(target=worker) for _ in range(8)]
    for _ in workers:
        schedule.put(None)
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    figures.achieved = total / (time.perf_counter() - start)


def closed_loop(
    port: int, body: bytes, auth: dict[str, str], seconds: float, figures: Figures
) -> None:
    """4 clients, each sending its next POST as soon as the last is answered, as issue #12
    compared servers."""
    done = [0] * 4
    stop_at = time.perf_counter() + seconds

    def client(slot: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < stop_at:
            conn.request("POST", "/api/v1/events", body=body, headers=auth)
            response = conn.getresponse()
            response.read()
            if response.status == 201:
                done[slot] += 1
            else:
                figures.closed_failures.append(f"status {response.status}")
        conn.close()

    began = time.perf_counter()
    clients = [threading.Thread(target=client, args=(i,)) for i in range(4)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    figures.throughput = sum(done) / (time.perf_counter() - began)


def measure(nestling: str, label: str, args: argparse.Namespace) -> Figures:
    """Load the demo into a fresh data directory, serve it with ``nestling``, measure."""
    figures = Figures(label)
    env, token = load_demo(nestling, args.weeks, figures)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [nestling, "serve", "--port", str(port)]
    command += ["--workers", str(args.workers), "--threads", str(args.threads)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"{base}/login/", proc)
        time.sleep(args.settle)  # let start-up finish on a busy machine
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        request = urllib.request.Request(f"{base}/api/v1/babies", headers=auth)
        babies = json.load(urllib.request.urlopen(request))  # noqa: S310 - loopback
        baby_id = (babies["items"] if isinstance(babies, dict) else babies)[0]["id"]
        body = json.dumps({"baby": baby_id, "kind": "nappy", "details": {"wet": True}}).encode()

        # Today first: the load below adds hundreds of nappies to the last 24 hours.
        opener = logged_in(base)
        for _ in range(40):
            with opener.open(f"{base}/") as response:
                assert response.status == 200
                figures.today.append(server_ms(response))

        open_loop(port, body, auth, args.seconds, args.rate, figures)
        time.sleep(1)
        figures.memory = [(pid, *memory_mb(pid)) for pid in process_tree(proc.pid)]
        closed_loop(port, body, auth, args.throughput_seconds, figures)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return figures


def release_checkout(rev: str) -> str:
    """The ``nestling`` command of release ``rev``, checked out beside this checkout with its
    own locked environment (made once, reused by later runs)."""
    rev = PREVIOUS_RELEASE if rev == "previous" else rev
    full = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    where = Path(tempfile.gettempdir()) / f"nestling-release-{full[:12]}"
    if not where.exists():
        print(f"Checking out {full[:12]} into {where} ...", flush=True)
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), full], check=True
        )
    # Its own .venv, not this one's (uv follows VIRTUAL_ENV when it is set).
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    subprocess.run(
        ["uv", "sync", "--frozen", "--quiet", "--python", sys.executable],
        cwd=where,
        env=env,
        check=True,
    )
    return str(where / ".venv" / "bin" / "nestling")


def _row(name: str, now: float, before: float | None, target: float | None, fmt: str) -> str:
    line = f"{name:<46}{now:>10{fmt}}"
    line += f"{target:>9.0f}" if target else f"{'':>9}"
    line += f"{now / target:>7.2f}" if target else f"{'':>7}"
    if before is not None:
        line += f"{before:>11{fmt}}{(now / before if before else float('nan')):>8.2f}"
    return line


def report(now: Figures, before: Figures | None) -> None:
    """Print the figures, their ratio to the targets and, with ``before``, to that release."""
    print()
    header = f"{'measure':<46}{'figure':>10}{'target':>9}{'ratio':>7}"
    if before is not None:
        header += f"{before.label:>11}{'now/it':>8}"
    print(header)

    rows: list[tuple[str, Callable[[Figures], float], float | None, str]] = [
        ("log an event: achieved rate (req/s)", lambda f: f.achieved, None, ".0f"),
        ("log an event: failures", lambda f: len(f.failures), None, ".0f"),
        ("log an event: p50 server time (ms)", lambda f: percentile(f.server, 50), None, ".2f"),
        (
            "log an event: p99 server time (ms)",
            lambda f: percentile(f.server, 99),
            LOG_P99_TARGET_MS,
            ".2f",
        ),
        (
            "log an event: p99 client round trip (ms)",
            lambda f: percentile(f.client, 99),
            None,
            ".2f",
        ),
        (
            "Today page: median server time (ms)",
            lambda f: percentile(f.today, 50),
            TODAY_TARGET_MS,
            ".2f",
        ),
        ("Today page: p95 server time (ms)", lambda f: percentile(f.today, 95), None, ".2f"),
        ("mean of all log server times (ms)", lambda f: statistics.fmean(f.server), None, ".2f"),
        ("log an event: 4 clients, closed loop (req/s)", lambda f: f.throughput, None, ".1f"),
        ("log an event: 4 clients, failures", lambda f: len(f.closed_failures), None, ".0f"),
        ("memory after load: RSS of all processes (MB)", lambda f: f.rss, MEMORY_TARGET_MB, ".0f"),
        ("memory after load: PSS of all processes (MB)", lambda f: f.pss, MEMORY_TARGET_MB, ".0f"),
    ]
    for name, get, target, fmt in rows:
        print(_row(name, get(now), None if before is None else get(before), target, fmt))
    for figures in (now, before):
        if figures is None:
            continue
        for pid, r, p in figures.memory:
            print(f"  {figures.label:<10} process {pid:<8} RSS {r:6.0f} MB  PSS {p:6.0f} MB")
    if before is not None:
        print(
            "\nRatios under 1 are better for times and memory, over 1 for rates. The two ran"
            " one after the other on the same machine: compare them, not runs on other days."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--settle", type=float, default=5, help="seconds to let start-up finish")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--throughput-seconds", type=float, default=10)
    parser.add_argument(
        "--against",
        metavar="REV",
        help=f"also measure this release ('previous': {PREVIOUS_RELEASE})",
    )
    args = parser.parse_args()
    before = None
    if args.against:
        earlier = release_checkout(args.against)
        label = PREVIOUS_RELEASE if args.against == "previous" else args.against[:9]
        before = measure(earlier, label, args)
    report(measure(NESTLING, "now", args), before)


if __name__ == "__main__":
    main()
