"""What an analyst would write instead of rmsim's word of mouth: Bass
diffusion (p innovation, q imitation on the adopting share of
neighbours) as one SciPy sparse matrix-vector product per period, on a
random graph with the same nodes and links (a Barabasi-Albert generator
in Python would dominate the time and flatter rmsim).

Usage: scipy_bass.py NODES LINKS PERIODS. Prints
  scipy bass: SECONDS s (graph G s, diffusion D s, cpu C s), ADOPTERS
  adopters, LINKS_VISITED links visited
(cpu: the process's processor time over graph and diffusion)."""
import sys
import time

import numpy as np
import scipy.sparse as sp

n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
links = int(float(sys.argv[2])) if len(sys.argv) > 2 else 5_000_000
T = int(sys.argv[3]) if len(sys.argv) > 3 else 60
p, q = 0.01, 0.3
rng = np.random.default_rng(1)

t0, c0 = time.perf_counter(), time.process_time()
a = rng.integers(0, n, links, dtype=np.int32)
b = rng.integers(0, n, links, dtype=np.int32)
keep = a != b
a, b = a[keep], b[keep]
A = sp.csr_matrix((np.ones(2 * a.size, dtype=np.float32),
                   (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n))
A.sum_duplicates()
A.data[:] = 1.0
deg = np.asarray(A.sum(axis=1)).ravel()
inv = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0).astype(np.float32)
t1 = time.perf_counter()

adopted = np.zeros(n, dtype=bool)
for _ in range(T):
    share = (A @ adopted.astype(np.float32)) * inv
    h = p + q * share
    adopted |= rng.random(n, dtype=np.float32) < h
t2, c2 = time.perf_counter(), time.process_time()
print("scipy bass: %.2f s (graph %.2f s, diffusion %.2f s, cpu %.2f s), %d adopters, "
      "%d links visited" % (t2 - t0, t1 - t0, t2 - t1, c2 - c0, adopted.sum(), A.nnz * T),
      flush=True)
