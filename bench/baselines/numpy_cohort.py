"""What an analyst would write instead of an rmsim cohort: heterogeneous
sBG churn (theta ~ Beta(1, 2)) for N customers over T periods.

  per-period:    a Bernoulli draw for every active customer every period
  lifetime-draw: each customer's lifetime drawn once (beta, then
                 geometric), then a bincount of departures per period

Usage: numpy_cohort.py N T [per-period|lifetime-draw] (both without
the third argument). Prints one line per method:
  numpy METHOD: RATE customer-periods/s (SECONDS s, cpu CPU s), S[12]=S
(customer-periods counted as N * (T - 1), as bench.c counts them; cpu is
the process's processor time, all threads, which a busy machine's time
slicing does not inflate)."""
import sys
import time

import numpy as np

n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000_000
T = int(sys.argv[2]) if len(sys.argv) > 2 else 120
only = sys.argv[3] if len(sys.argv) > 3 else None


def per_period(rng):
    theta = rng.beta(1.0, 2.0, n)
    alive = np.ones(n, dtype=bool)
    surv = [1.0]
    for _ in range(1, T):
        idx = np.flatnonzero(alive)
        alive[idx[rng.random(idx.size) < theta[idx]]] = False
        surv.append(alive.mean())
    return surv


def lifetime_draw(rng):
    theta = rng.beta(1.0, 2.0, n)
    life = rng.geometric(theta)                 # periods survived, >= 1
    gone = np.bincount(np.minimum(life, T), minlength=T + 1)
    return list(1.0 - np.cumsum(gone)[:T] / n)


for name, f in (("per-period", per_period), ("lifetime-draw", lifetime_draw)):
    if only and name != only:
        continue
    rng = np.random.default_rng(1)
    t0, c0 = time.perf_counter(), time.process_time()
    surv = f(rng)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print("numpy %s: %.3g customer-periods/s (%.2f s, cpu %.2f s), S[12]=%.3f"
          % (name, n * (T - 1) / dt, dt, cpu, surv[12]), flush=True)
