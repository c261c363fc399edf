-- hello.lua: the smallest useful scenario, to learn the shape of one.
--
-- A referral-driven customer base (the Heshi case, docs/cases.md,
-- case 001 L307: 100% of customers came by friend referral): each period
-- every customer refers a new one with probability `referral`, and
-- leaves with probability `churn`. Both rates are assumptions.
--
--   rmsim run scenarios/hello.lua --replicates 20 --out out/hello
--   rmsim run scenarios/hello.lua --set referral=0.08
local rm = require "rmsim"

rm.scenario {
  name = "hello",
  description = "Referral-only growth of a small customer base",
  periods = 24,
  start = "2022-11", period = "month",   -- from the Heshi survey: the report reads in dates
  params = {
    start = { 20, min = 1, doc = "customers at the start (Heshi survey 2022: 20 clients; docs/cases.md)" },
    referral = { 0.05, min = 0, max = 1, doc = "chance a customer refers a new one per period" },
    churn = { 0.03, min = 0, max = 1, doc = "chance a customer leaves per period" },
  },
}

local customers

function setup(sim)
  customers = sim.params.start
end

function period(sim)
  local referred = rm.rng.binomial(customers, sim.params.referral)
  local left = rm.rng.binomial(customers, sim.params.churn)
  customers = customers + referred - left
  sim:record("customers", customers)
  sim:record("referred", referred)
  sim:record("churned", left)
end

function done(sim)
  sim:result("final_customers", customers)
end
