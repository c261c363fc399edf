#!/bin/sh
# The same sweep with one process and with two MPI ranks: identical bytes.
set -eu
bin=$1
out=$(mktemp -d /tmp/rmsim-mpi.XXXXXX)
trap 'rm -rf "$out"' EXIT
args="sweep scenarios/hello.lua --grid referral=0.02:0.08:0.02 --grid churn=0.02,0.04 --replicates 5"
"$bin" $args --out "$out/one" --threads 2 2>/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" $args --out "$out/two" --threads 1 2>/dev/null
for f in sweep.csv sweep.json report.html; do
    cmp "$out/one/$f" "$out/two/$f"
done
echo "mpi: 2 ranks give the bytes of 1 process (sweep.csv, sweep.json, report.html)"
