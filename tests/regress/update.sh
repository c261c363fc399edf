#!/bin/sh
# Regenerate the pinned scenario summaries (run from the repository root
# after an intended change to a model or scenario, and say why in the commit).
set -eu
bin=${RMSIM:-build/rmsim}
for f in scenarios/*.lua scenarios/classroom/shadow_of_the_future.lua; do
    name=$(basename "$f" .lua)
    "$bin" run "$f" --seed 1 --replicates 2 --format json --quiet > /tmp/rmsim-regress.$$
    sed -n '/"results": {/,$p' /tmp/rmsim-regress.$$ > "tests/regress/$name.json"
done
rm -f /tmp/rmsim-regress.$$
