"""The NumPy baseline `make bench` compares the sBG cohort with: what an
analyst would write by hand. Each of N customers draws a churn probability
from Beta(1, 2) (the shifted-beta-geometric model); each period every
customer still active leaves with that probability, drawn for the active
ones only. Prints customer-periods a second and the survival at period 12.

usage: python3 bench/numpy_cohort.py [N [PERIODS]]"""
import sys
import time

import numpy as np


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10_000_000
    periods = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    gen = np.random.default_rng(1)
    start = time.perf_counter()
    churn = gen.beta(1.0, 2.0, n)
    active = np.arange(n)
    survival = [1.0]
    for _ in range(1, periods):
        leaving = gen.random(active.size) < churn[active]
        active = active[~leaving]
        survival.append(active.size / n)
    seconds = time.perf_counter() - start
    s12 = survival[12] if len(survival) > 12 else float("nan")
    print("numpy per-period: %.3g customer-periods/s (%.2f s), S[12]=%.3f"
          % (n * (periods - 1) / seconds, seconds, s12))


if __name__ == "__main__":
    main()
