"""Benchmark: one family's pages and event POST on a server shared by 10,000 households.

Issue #12 item 7: with 10,000 simulated households on PostgreSQL, the per-household pages
and the event POST stay within the targets for a single family. This builds two PostgreSQL
databases on the server in ``--admin-url`` (trust auth on 127.0.0.1 by default):

- ``nestling_bench_one``: the demo family alone (a year of data, about 19,000 entries);
- ``nestling_bench_many``: the same demo family plus ``--households`` - 1 others, each with
  two parents, a baby and ``--events`` entries copied from the demo's log (so about
  3 million entries in all by default),

then, in one child process per database, measures the demo family's Today, History, a page
of 100 events from the API and 200 event POSTs, by the app's own Server-Timing header (the
time in Django, not the test client's). Prints p50 and p95 for both databases and the ratio,
beside the single-family targets (Today under 50 ms, a page of 100 events under 10 ms, POST
p99 under 20 ms).

    uv run python bench/bench_households.py [--households 10000] [--events 300] [--keep]

``--keep`` reuses databases built by an earlier run (building takes minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS_MS = {"Today": 50.0, "History": 50.0, "API page of 100": 10.0, "API POST (p99)": 20.0}


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _exists(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


def _database_url(admin_url: str, name: str) -> str:
    return re.sub(r"/[^/]*$", f"/{name}", admin_url)


# --- child process: build or measure one database ------------------------------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    import django

    django.setup()


def build(households: int, events_each: int) -> None:
    """Migrate, load the demo family, and add ``households`` - 1 others by bulk insert."""
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from carelog.models import Event
    from guidance.demo_family import load_demo
    from households.models import Household, Membership

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    print("  " + load_demo(weeks=52), flush=True)
    demo = Membership.objects.get(user__username="mum").household
    template = list(
        Event.objects.filter(household=demo)
        .order_by("-start")
        .values("kind", "start", "end", "details")[:events_each]
    )
    birth_date = demo.babies.get().birth_date
    batch = 500
    for first in range(1, households, batch):
        count = min(batch, households - first)
        _add_households(first, count, birth_date, template)
        print(f"  {first + count - 1:>6} households", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, after a bulk load
    total = Event.objects.count()
    print(
        f"\n  built in {time.perf_counter() - started:.0f} s: {Household.objects.count()} households, {total} entries"
    )


def _add_households(
    first: int, count: int, birth_date: object, template: list[dict[str, object]]
) -> None:
    """``count`` households numbered from ``first``: two parents, a baby and the template's
    entries each, by bulk insert."""
    from django.contrib.auth import get_user_model

    from carelog.models import Baby, Event
    from households.models import Household, Membership

    User = get_user_model()
    homes = Household.objects.bulk_create(
        [Household(name=f"Family {first + i}", time_zone="Europe/London") for i in range(count)]
    )
    users = User.objects.bulk_create(
        [
            User(username=f"bench-{first + i}-{who}", password="!")
            for i in range(count)
            for who in "ab"
        ]
    )
    members = Membership.objects.bulk_create(
        [
            Membership(household=home, user=users[2 * i + j], display_name=("Mum", "Dad")[j])
            for i, home in enumerate(homes)
            for j in range(2)
        ]
    )
    babies = Baby.objects.bulk_create(
        [Baby(household=home, name="Baby", birth_date=birth_date) for home in homes]
    )
    rows = [
        Event(
            household=home,
            baby=babies[i],
            caregiver=members[2 * i + n % 2],
            created_by=members[2 * i + n % 2],
            kind=row["kind"],
            start=row["start"],
            end=row["end"],
            details=row["details"],
        )
        for i, home in enumerate(homes)
        for n, row in enumerate(template)
    ]
    Event.objects.bulk_create(rows, batch_size=5000)


def _timing(response: object) -> float:
    header = response.headers.get("Server-Timing", "")  # type: ignore[attr-defined]
    match = re.search(r"dur=([0-9.]+)", header)
    return float(match[1]) if match else float("nan")


def measure(rounds: int) -> None:
    """Print a JSON line of server times (ms) per measure for the demo family."""
    _setup()
    from django.conf import settings
    from django.test import Client

    from carelog.models import Baby, Event
    from households.models import Membership
    from households.services import create_token

    settings.ALLOWED_HOSTS = ["*"]
    mum = Membership.objects.get(user__username="mum")
    baby = Baby.objects.get(household=mum.household)
    web = Client()
    web.force_login(mum.user)
    _, token = create_token(mum, "bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    out: dict[str, list[float]] = {name: [] for name in TARGETS_MS}
    for _ in range(3):  # warm: templates, caches, connections
        web.get("/")
        web.get(f"/babies/{baby.pk}/events/")
    for _ in range(rounds):
        out["Today"].append(_timing(web.get("/")))
        out["History"].append(_timing(web.get(f"/babies/{baby.pk}/events/")))
        out["API page of 100"].append(_timing(api.get(f"/api/v1/events?baby={baby.pk}&limit=100")))
    body = json.dumps({"baby": baby.pk, "kind": "nappy", "details": {"wet": True}})
    for i in range(200):
        # Each POST carries an Idempotency-Key starting "bench-", so that the entries it
        # adds are removed below: a later --keep run must measure the same Today.
        response = api.post(
            "/api/v1/events",
            data=body,
            content_type="application/json",
            headers={"Idempotency-Key": f"bench-{time.time_ns()}-{i}"},
        )
        assert response.status_code == 201, response.content
        out["API POST (p99)"].append(_timing(response))
    Event.objects.filter(household=mum.household, client_key__startswith="bench-").delete()
    print(json.dumps(out))


# --- parent: orchestrate ----------------------------------------------------------------


def _child(url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NESTLING_DATA_DIR": f"/tmp/nestling-bench-{Path(url).name}",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, __file__, *args], env=env, check=True, text=True, stdout=subprocess.PIPE
    )
    return done.stdout


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=300, help="entries per other household")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="reuse databases from an earlier run")
    parser.add_argument("--child", choices=("build", "measure"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        build(args.households, args.events)
        return
    if args.child == "measure":
        measure(args.rounds)
        return

    results = {}
    for name, households in (("nestling_bench_one", 1), ("nestling_bench_many", args.households)):
        url = _database_url(args.admin_url, name)
        if not (args.keep and _exists(args.admin_url, name)):
            print(f"Building {name} ({households} households) ...", flush=True)
            _admin(args.admin_url, f'DROP DATABASE IF EXISTS "{name}"')
            _admin(args.admin_url, f'CREATE DATABASE "{name}"')
            sys.stdout.write(
                _child(
                    url,
                    "--child",
                    "build",
                    "--households",
                    str(households),
                    "--events",
                    str(args.events),
                )
            )
        print(f"Measuring the demo family in {name} ...", flush=True)
        results[name] = json.loads(
            _child(url, "--child", "measure", "--rounds", str(args.rounds)).splitlines()[-1]
        )

    one, many = results["nestling_bench_one"], results["nestling_bench_many"]
    print()
    print(
        f"server time, ms (PostgreSQL, {args.households:,} households vs one; {time.strftime('%Y-%m-%d')})"
    )
    print(
        f"{'measure':<20}{'one p50':>9}{'one p95':>9}{'many p50':>10}{'many p95':>10}{'target':>8}{'many/target':>13}"
    )
    for measure_name, target in TARGETS_MS.items():
        pct = 99 if "p99" in measure_name else 95
        a, b = one[measure_name], many[measure_name]
        headline = _pct(b, pct) if pct == 99 else statistics.median(b)
        print(
            f"{measure_name:<20}{statistics.median(a):>9.2f}{_pct(a, pct):>9.2f}"
            f"{statistics.median(b):>10.2f}{_pct(b, pct):>10.2f}{target:>8.0f}{headline / target:>13.2f}"
        )
    print("(p95 column is p99 for the POST row; the ratio uses the median, or p99 for the POST)")


if __name__ == "__main__":
    main()
