-- retention.lua: which retention policy pays, and for whom?
--
-- A B2B seller with a few key accounts and many small ones, after the
-- Lenovo key-account case (docs/cases.md, case 004):
--
-- Facts used (docs/cases.md, case 004):
--   * 1 000+ major customers locked in by account managers bring about
--     1/3 of sales (L80-102): key accounts are 10% of the base here and
--     spend 30 vs 3 a period, i.e. about 1/2 of revenue at the start,
--     drifting towards 1/3 as small accounts are replaced faster.
--   * acquiring a customer costs about 6 times keeping one (L108):
--     acquisition_cost = 6 * the per-period retention spend of `service`.
--   * 5% more regular customers bring 25% more profit (L105): the
--     comparison below shows how far each policy gets towards that.
-- Assumptions (not in the case): churn of both segments (sBG alpha,
-- beta), spend levels, margins, and the size of each policy's effect.
--
-- Three copies of the same market run side by side, one per policy:
--   none      no retention effort;
--   discount  5% off for everyone, churn hazard x 0.85 (price-only bond);
--   service   key accounts get a consultant-style account manager
--             (retention cost per key account), their hazard x 0.5.
--
--   rmsim run scenarios/retention.lua --replicates 20 --out out/retention
--   rmsim run scenarios/retention.lua --set service_effect=0.7
local rm = require "rmsim"

rm.scenario {
  name = "retention",
  description = "Three retention policies on the same key-account / small-account market",
  periods = 36,
  replicates = 10,
  headline = "service_minus_none",
  params = {
    key_accounts = { 1000, min = 1, doc = "key accounts at the start (Lenovo: over 1 000; docs/cases.md)" },
    small_accounts = { 9000, min = 0, doc = "small accounts at the start (assumption)" },
    new_per_period = { 400, min = 0, doc = "new accounts a period, 10% of them key (assumption)" },
    discount_effect = { 0.85, min = 0, max = 2, doc = "hazard factor under a 5% discount (assumption)" },
    service_effect = { 0.5, min = 0, max = 2, doc = "key-account hazard factor with an account manager" },
    service_cost = { 1.0, min = 0, doc = "retention spend per key account per period" },
  },
  charts = {
    { title = "Margin per period, by policy", y = "margin",
      metrics = { "none.margin", "discount.margin", "service.margin" } },
    { title = "Lifetime value per customer acquired (discounted)", y = "CLV",
      metrics = { "none.clv", "discount.clv", "service.clv" } },
    { title = "Key accounts kept", y = "active key accounts",
      metrics = { "none.key.active", "discount.key.active", "service.key.active" } },
    { title = "Retention of small accounts", y = "retention per period",
      metrics = { "none.small.retention", "discount.small.retention", "service.small.retention" } },
  },
}

local policies = { "none", "discount", "service" }

local function market(sim, name)
  local p = sim.params
  return rm.cohort {
    name = name,
    initial = p.key_accounts + p.small_accounts,
    acquisition = { rate = p.new_per_period, cost = 6 * p.service_cost },
    discount = 0.01,
    segments = {
      { name = "key", share = p.key_accounts, churn = "sbg", alpha = 1.5, beta = 20,
        spend = 30, margin = 0.2 },
      { name = "small", share = p.small_accounts, churn = "sbg", alpha = 1.0, beta = 4,
        spend = 3, margin = 0.25 },
    },
  }
end

local markets = {}

function setup(sim)
  for _, name in ipairs(policies) do
    markets[name] = market(sim, name)
  end
  -- new accounts are 10% key from now on, whatever the starting mix
  for _, m in pairs(markets) do
    m:set { segment = "key", share = 0.1 }
    m:set { segment = "small", share = 0.9 }
  end
  markets.discount:set { hazard_factor = sim.params.discount_effect, price_factor = 0.95 }
  markets.service:set { segment = "key", hazard_factor = sim.params.service_effect,
                        retention_cost = sim.params.service_cost }
end

function done(sim)
  local last = sim.periods - 1
  for _, name in ipairs(policies) do
    local total = 0
    for t = 0, last do total = total + sim:get(name .. ".margin", t) end
    sim:result(name .. "_total_margin", total)
    sim:result(name .. "_key_active", sim:get(name .. ".key.active", last))
  end
  sim:result("service_minus_none", sim:get("service.clv", last) - sim:get("none.clv", last))
  sim:result("discount_minus_none", sim:get("discount.clv", last) - sim:get("none.clv", last))
end
