-- cohort.lua: make bench's cohort job (issue 20): 10 million customers
-- with heterogeneous sBG churn (theta ~ Beta(1, 2)) over 120 periods, the
-- whole run timed (setup, the cohort, metrics, summaries, output).
local rm = require "rmsim"

rm.scenario {
  name = "bench_cohort",
  periods = 120,
  replicates = 1,
  params = {
    customers = { 10000000, min = 1 },
  },
}

function setup(sim)
  local n = sim.params.customers
  rm.cohort { name = "c", initial = n, capacity = n,
              segments = { { name = "all", churn = "sbg", alpha = 1, beta = 2 } } }
end

function done(sim)
  sim:result("s12", sim:get("c.active", 12) / sim.params.customers)
end
