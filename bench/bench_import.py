"""Benchmark: importing 100,000 rows (issue 9: under 10 s, memory under 500 MB).

Writes a Huckleberry export of ROWS made-up rows (feeds, bottles, sleeps, nappies over
several years, with notes and a few bad lines), imports it into a fresh SQLite database
through the same service `nestling import` calls, then imports it again (everything a
duplicate). Prints the time of each run, rows per second, the process's peak memory and the
ratios to the targets.

    uv run python bench/bench_import.py [--rows 100000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

TARGET_S = 10.0
TARGET_MB = 500.0


def huckleberry_csv(rows: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    out = ["Type,Start,End,Duration,Start Condition,Start Location,End Condition,Notes"]
    moment = datetime(2021, 1, 10, 6, 0)
    for i in range(rows):
        moment += timedelta(minutes=rng.randint(5, 25))
        start = moment.strftime("%Y-%m-%d %H:%M")
        pick = i % 4
        if pick == 0:
            minutes = rng.randint(5, 30)
            end = (moment + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")
            out.append(
                f"Feed,{start},{end},00:{minutes:02d},{rng.randint(1, 15):02d}:00R,Breast,"
                f"{rng.randint(1, 15):02d}:00L,"
            )
        elif pick == 1:
            unit = rng.choice(["ml", "oz"])
            amount = rng.randint(60, 200) if unit == "ml" else rng.randint(2, 7)
            out.append(f"Feed,{start},,,Formula,Bottle,{amount}{unit},")
        elif pick == 2:
            minutes = rng.randint(20, 180)
            end = (moment + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")
            note = '"woke once, resettled"' if rng.random() < 0.1 else ""
            out.append(
                f"Sleep,{start},{end},{minutes // 60:02d}:{minutes % 60:02d},,Stroller,,{note}"
            )
        else:
            what = rng.choice(["Pee", "Poo:Medium", "Both"])
            out.append(f"Diaper,{start},,Yellow,,,{what},")
    # A few typing slips, as real logs have.
    out.insert(rows // 2, "Feed,2022-02-02 10:00,,,Formula,Bottle,600ml,")
    return "\n".join(out) + "\n"


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Long on purpose: one benchmark run told in order (make the files, import them into a
    fresh database, time each step, print the table); splitting it would only pass the
    timings around."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nestling-bench-import-"))
    os.environ["NESTLING_DATA_DIR"] = str(tmp)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nestling.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from zoneinfo import ZoneInfo

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from carelog.importing import import_files
    from households import services as household_services
    from importers.base import SourceFile

    user = get_user_model().objects.create_user("bench", password=None)
    membership = household_services.create_household(
        user, "Bench", time_zone="Europe/London", country="GB", display_name="Mum"
    )

    text = huckleberry_csv(args.rows)
    files = [SourceFile("huckleberry.csv", text)]
    baseline = peak_mb()
    print(f"{args.rows:,} rows, {len(text) / 1e6:.1f} MB of CSV; memory before: {baseline:.0f} MB")

    start = time.perf_counter()
    report = import_files(
        membership,
        files,
        baby_name="Robin",
        birth_date=datetime(2021, 1, 1).date(),
        tz=ZoneInfo("Europe/London"),
        skip_bad_lines=True,
    )
    first = time.perf_counter() - start
    stored = report.total
    print(
        f"first import:  {first:6.2f} s  {stored / first:9,.0f} rows/s  stored {stored:,}, "
        f"skipped {len(report.skipped)}  (target {TARGET_S:.0f} s: ratio {first / TARGET_S:.2f})"
    )
    start = time.perf_counter()
    again = import_files(
        membership,
        files,
        baby_name="Robin",
        tz=ZoneInfo("Europe/London"),
        skip_bad_lines=True,
    )
    second = time.perf_counter() - start
    print(
        f"second import: {second:6.2f} s  {args.rows / second:9,.0f} rows/s  "
        f"new {again.total}, duplicates {again.duplicates:,}"
    )
    peak = peak_mb()
    print(
        f"peak memory:   {peak:6.0f} MB (process, Django included; target {TARGET_MB:.0f} MB: "
        f"ratio {peak / TARGET_MB:.2f})"
    )


if __name__ == "__main__":
    main()
