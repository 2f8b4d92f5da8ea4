"""Benchmark the running server: logging an event at 100 requests/s, and "Today" with a
year of dense data. Prints figures and their ratio to DESIGN.md's quality bars.

It builds a throwaway data directory, loads a 52-week demo family, starts `nestling serve`
(gunicorn, SQLite in WAL mode) on a free loopback port, and drives it from this process.
Server time is read from each response's Server-Timing header, so client overhead is not
counted; client round-trip time is printed beside it.

    uv run python bench/bench_server.py [--seconds 10] [--rate 100] [--throughput-seconds 10]

Then 4 clients send POSTs back to back for ``--throughput-seconds`` (closed loop), which is
how issue #12 compared servers: it prints the requests per second.
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
from pathlib import Path

MEMORY_TARGET_MB = 250.0  # issue #12: the default `nestling serve` in total, after load
LOG_P99_TARGET_MS = 20.0  # DESIGN.md: logging an event, p99 server time at 100 req/s
TODAY_TARGET_MS = 50.0  # DESIGN.md: "Today" with a year of dense data
NESTLING = str(Path(sys.executable).with_name("nestling"))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--settle", type=float, default=5, help="seconds to let start-up finish")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--throughput-seconds", type=float, default=10)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="nestling-bench-")
    env = {**os.environ, "NESTLING_DATA_DIR": data_dir}
    print(f"Loading a {args.weeks}-week demo family into {data_dir} ...", flush=True)
    summary = subprocess.run(
        [NESTLING, "demo", "--no-serve", "--weeks", str(args.weeks)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[0]
    print(summary)
    token = subprocess.run(
        [NESTLING, "token", "create", "--user", "mum", "--name", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            NESTLING,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/login/", proc)
        time.sleep(args.settle)  # let start-up finish on a busy machine
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        babies = json.load(
            urllib.request.urlopen(  # noqa: S310
                urllib.request.Request(f"{base}/api/v1/babies", headers=auth)
            )
        )
        baby_id = (babies["items"] if isinstance(babies, dict) else babies)[0]["id"]
        body = json.dumps({"baby": baby_id, "kind": "nappy", "details": {"wet": True}}).encode()

        # Today first: the load below adds hundreds of nappies to the last 24 hours.
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = opener.open(f"{base}/login/").read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]  # type: ignore[index]
        form = urllib.parse.urlencode(
            {"username": "mum", "password": "nestling-demo", "csrfmiddlewaretoken": csrf}
        ).encode()
        opener.open(urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": base}))
        today: list[float] = []
        for _ in range(40):
            with opener.open(f"{base}/") as response:
                assert response.status == 200
                today.append(server_ms(response))

        server: list[float] = []
        client: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()

        total = int(args.seconds * args.rate)
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
                        failures.append(str(exc))
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    continue
                with lock:
                    server.append(server_ms(response))
                    # Round trip from when the request was due (open loop: lateness counts).
                    client.append((time.perf_counter() - min(due, started)) * 1000)
                    if response.status != 201:
                        failures.append(f"status {response.status}")
            conn.close()

        print(f"POST /api/v1/events at {args.rate:.0f} req/s for {args.seconds:.0f} s ...")
        start = time.perf_counter() + 0.2
        for i in range(total):
            schedule.put(start + i / args.rate)
        workers = [threading.Thread(target=worker) for _ in range(8)]
        for _ in workers:
            schedule.put(None)
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        achieved = total / (time.perf_counter() - start)
        time.sleep(1)
        memory = [(pid, *memory_mb(pid)) for pid in process_tree(proc.pid)]

        # Throughput: 4 clients, each sending its next POST as soon as the last is answered
        # (closed loop), as issue #12 compares servers.
        done = [0] * 4
        closed_failures: list[str] = []
        stop_at = time.perf_counter() + args.throughput_seconds

        def closed_client(slot: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while time.perf_counter() < stop_at:
                conn.request("POST", "/api/v1/events", body=body, headers=auth)
                response = conn.getresponse()
                response.read()
                if response.status == 201:
                    done[slot] += 1
                else:
                    closed_failures.append(f"status {response.status}")
            conn.close()

        began = time.perf_counter()
        clients = [threading.Thread(target=closed_client, args=(i,)) for i in range(4)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        throughput = sum(done) / (time.perf_counter() - began)

    finally:
        proc.terminate()
        proc.wait(timeout=20)

    p50, p99 = percentile(server, 50), percentile(server, 99)
    t50, t95 = percentile(today, 50), percentile(today, 95)
    print()
    print(f"{'measure':<44}{'figure':>10}{'target':>10}{'ratio':>8}")
    print(f"{'log an event: requests sent / achieved rate':<44}{len(server):>10}{achieved:>9.0f}/s")
    print(f"{'log an event: failures':<44}{len(failures):>10}")
    print(f"{'log an event: p50 server time (ms)':<44}{p50:>10.2f}")
    print(
        f"{'log an event: p99 server time (ms)':<44}{p99:>10.2f}{LOG_P99_TARGET_MS:>10.0f}{p99 / LOG_P99_TARGET_MS:>8.2f}"
    )
    print(f"{'log an event: p99 client round trip (ms)':<44}{percentile(client, 99):>10.2f}")
    print(
        f"{'Today page: median server time (ms)':<44}{t50:>10.2f}{TODAY_TARGET_MS:>10.0f}{t50 / TODAY_TARGET_MS:>8.2f}"
    )
    print(f"{'Today page: p95 server time (ms)':<44}{t95:>10.2f}")
    print(f"{'mean of all log server times (ms)':<44}{statistics.fmean(server):>10.2f}")
    print(f"{'log an event: 4 clients, closed loop (req/s)':<44}{throughput:>10.1f}")
    print(f"{'log an event: 4 clients, failures':<44}{len(closed_failures):>10}")
    rss = sum(r for _, r, _ in memory)
    pss = sum(p for _, _, p in memory)
    print(
        f"{'memory after load: RSS of all processes (MB)':<44}{rss:>10.0f}{MEMORY_TARGET_MB:>10.0f}{rss / MEMORY_TARGET_MB:>8.2f}"
    )
    print(
        f"{'memory after load: PSS of all processes (MB)':<44}{pss:>10.0f}{MEMORY_TARGET_MB:>10.0f}{pss / MEMORY_TARGET_MB:>8.2f}"
    )
    for pid, r, p in memory:
        print(f"  process {pid:<8} RSS {r:6.0f} MB  PSS {p:6.0f} MB")


if __name__ == "__main__":
    main()
