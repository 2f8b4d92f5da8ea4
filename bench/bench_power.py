"""Power and calibration of the caregiver comparison, on simulated families with a known truth.

For each true odds ratio (1 = no difference, 1.5 and 2), each length of log (4 and 8 weeks)
and two amounts of day-to-day variation, simulates `--families` households (seeds 0, 1, ...)
and runs the headline comparison for Dad (insights.caregivers.compare_caregiver). Prints:

- "cries more": the share of families where the verdict is "cries more even at the same
  times" (the whole 95% interval above 1): the power at OR 1.5 and 2, the false-verdict
  rate at OR 1;
- "other way": the share where the whole interval lies below 1, which in a two-parent
  household is "cries more with Mum": a false verdict at every ratio here;
- "covers": the share of 95% intervals that contain the true odds ratio;
- "not enough": the share where the verdict is "not enough data";
- the median interval, as its far end over its near end (how wide it is).

The logging model is the demo family (simulator/params.py, from story.txt): a baby of about
22 weeks at the end of the log; Mum at home all day, Dad out about 06:00-22:00 on weekdays,
so his sessions fall at night wakings and weekends (about 12% of ~30 logged care sessions a
day); every feed, sleep, care session and cry logged. The true odds ratio multiplies the
odds of a cry in each of Dad's sessions at the same hour, hunger, tiredness, age and company.
"Usual days" keeps the simulator's day effect (SD 0.2 on the log-odds); "strong day-to-day
variation" raises it to SD 1.0 (a fussy day at +1 SD has 2.7 times the odds of a cry).

    uv run python bench/bench_power.py [--families 200] [--processes N]

About 2 minutes on 2 cores. The figures are in docs/insights.md.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from insights.caregivers import compare_caregiver  # noqa: E402
from insights.frame import build_sessions, event_frame  # noqa: E402
from insights.verdicts import VERDICT_MORE, VERDICT_NOT_ENOUGH  # noqa: E402
from simulator import simulate  # noqa: E402

# The same fixed "now" as the calibration tests, so the figures match what they print.
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
RATIOS = (1.0, 1.5, 2.0)
WEEKS = (4, 8)
DAY_SD = {"usual days (day SD 0.2)": 0.2, "strong day-to-day variation (day SD 1.0)": 1.0}

# (verdict, ci_low, ci_high) for one family
Outcome = tuple[str, float | None, float | None]


def one_family(seed: int, ratio: float, weeks: int, day_sd: float) -> Outcome:
    """Return Dad's verdict and 95% interval for one simulated family."""
    sim = simulate(
        seed=seed, weeks=weeks, now=NOW, caregiver_factor={"dad": ratio}, day_sd_log_odds=day_sd
    )
    table = build_sessions(event_frame(sim.events, sim.now, sim.timezone), sim.baby_birth_date)
    dad = compare_caregiver(table, "dad")
    return dad.verdict, dad.ci_low, dad.ci_high


def _row(ratio: float, weeks: int, outcomes: list[Outcome]) -> str:
    n = len(outcomes)
    more = sum(v == VERDICT_MORE for v, _, _ in outcomes) / n
    other_way = sum(hi is not None and hi < 1.0 for _, _, hi in outcomes) / n
    enough = [(lo, hi) for v, lo, hi in outcomes if v != VERDICT_NOT_ENOUGH]
    intervals = [(lo, hi) for lo, hi in enough if lo is not None and hi is not None]
    covers = sum(lo <= ratio <= hi for lo, hi in intervals) / max(1, len(intervals))
    width = statistics.median(hi / lo for lo, hi in intervals) if intervals else float("nan")
    return (
        f"  OR {ratio:<4} {weeks} weeks   cries more {more:6.1%}   other way {other_way:5.1%}   "
        f"covers {covers:6.1%}   not enough {1 - len(enough) / n:5.1%}   "
        f"median far/near end {width:4.2f}"
    )


def main() -> None:
    """Print power and calibration for every ratio, length of log and day variation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    start = time.perf_counter()
    print(f"caregiver comparison: {args.families} simulated families per row (seeds 0-"
          f"{args.families - 1}), headline 95% interval")  # fmt: skip
    with ProcessPoolExecutor(max_workers=args.processes) as pool:
        for label, day_sd in DAY_SD.items():
            print(label)
            for ratio in RATIOS:
                for weeks in WEEKS:
                    seeds = range(args.families)
                    outcomes = list(
                        pool.map(
                            one_family,
                            seeds,
                            [ratio] * len(seeds),
                            [weeks] * len(seeds),
                            [day_sd] * len(seeds),
                            chunksize=10,
                        )
                    )
                    print(_row(ratio, weeks, outcomes), flush=True)
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
