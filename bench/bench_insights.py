"""Benchmark: all insights for a year of dense simulated data (DESIGN.md: under 300 ms).

Simulates the demo household for 52 weeks (the baby ages through the first year), then
times `compute_insights` plus a handover for each caregiver: the first call (cold caches)
and the median of repeated calls. Prints the figures and their ratio to the target.

    uv run python bench/bench_insights.py [--weeks 52] [--repeat 7] [--seed 0]

BLAS runs single-threaded here (OPENBLAS_NUM_THREADS=1 unless already set), as the app's
processes should: the matrices are small (about 15,000 x 25), and on a busy 2-core machine
a multi-threaded BLAS spins against the other processes and runs 3-4 times slower. Set
OPENBLAS_NUM_THREADS yourself to compare.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from insights import compute_insights, handover  # noqa: E402
from simulator import simulate  # noqa: E402

TARGET_MS = 300.0  # DESIGN.md quality bars: "All insights for a year of data: under 300 ms"


def run_once(sim) -> tuple[float, float]:  # noqa: ANN001 - a simulator.Simulation
    """Return the wall and CPU milliseconds to compute every insight for `sim`."""
    start = time.perf_counter()
    cpu = time.process_time()
    compute_insights(
        sim.events,
        sim.baby_birth_date,
        sim.timezone,
        sim.now,
        availability=sim.schedules,
        names={"mum": "Mum", "dad": "Dad"},
        baby_name="Sam",
    )
    for caregiver in sim.schedules:
        handover(sim.events, caregiver, sim.now)
    return (time.perf_counter() - start) * 1000.0, (time.process_time() - cpu) * 1000.0


def main() -> None:
    """Print the insights timings for a simulated year."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    t0 = time.perf_counter()
    sim = simulate(seed=args.seed, weeks=args.weeks)
    sim_ms = (time.perf_counter() - t0) * 1000.0
    first_wall, first_cpu = run_once(sim)
    runs = [run_once(sim) for _ in range(args.repeat)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    print(
        f"insights benchmark: {len(sim.events):,} events over {args.weeks} weeks "
        f"(OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})"
    )
    print(f"  simulate:                      {sim_ms:7.1f} ms")
    print(f"  all insights, first call:      {first_wall:7.1f} ms wall, {first_cpu:7.1f} ms CPU")
    print(
        f"  all insights, median of {args.repeat:<2d}:    {wall:7.1f} ms wall, {cpu:7.1f} ms CPU "
        f"(target {TARGET_MS:.0f} ms, ratio {wall / TARGET_MS:.2f})"
    )


if __name__ == "__main__":
    main()
