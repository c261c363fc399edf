-- heshi_agency.lua: a young B2B agency that grows only by referrals.
--
-- Models: Heshi's business clients, month by month for three years, as two
-- satisfaction-driven segments (local cafes and bars; advertising agencies):
-- service quality moves satisfaction, satisfaction moves loyalty, loyalty sets
-- the chance to stay (the satisfaction -> loyalty -> retention chain), and
-- satisfied clients refer new ones (the only channel Heshi has).
--
-- Facts (../shared/CASES.md; seed 001_45c3a6712ce517b5.txt):
--   * 20 customers in the 2022 survey: 8 advertising, 12 hospitality (L288-296).
--   * 100% of customers came by friend referral; no web page, no advertising (L307, L413).
--   * Satisfaction: 2 very satisfied, 5 satisfied, 1 okay, 2 dissatisfied (L351, L355)
--     -> the starting satisfaction distribution (scripts/survey.lua).
--   * Delivery speed: 7 very fast, 2 fast, 1 okay (L326) -> service quality 0.8.
--   * Would cooperate again: 80% (L371) -> about 80% of clients rebuy in a year.
--   * Would recommend: 80% (L380); loyal customers spread word of mouth (L177).
--   * Choice: price 70%, service 30% (L320): local businesses are price-sensitive.
--   * 60% reported a problem, two citing the firm's small size (L393-395): capacity.
-- Assumptions (not in the case): monthly periods, the referral rate, spends and
-- margins, the size of each what-if's effect.
--
-- Variants: baseline (referrals only), online_acquisition (a web page and ads:
-- 1.5 new clients a month at a cost), promise_gap (delivered below promised:
-- quality falls to 0.45), capacity_limit (quality for agencies drops once more
-- than 8 are served), poaching (low-price rivals at rebuy time: local clients'
-- hazard x 1.6).
--
--   rmsim run scenarios/heshi_agency.lua --out out/heshi
--   rmsim sweep scenarios/heshi_agency.lua --metric final_clients --out out/heshi_sweep
local rm = require "rmsim"
local survey = require "survey"

-- satisfaction levels: very satisfied 0.95, satisfied 0.75, okay 0.5, dissatisfied 0.2
local sat = survey.scale { { 0.95, 2 }, { 0.75, 5 }, { 0.5, 1 }, { 0.2, 2 } }

rm.scenario {
  name = "heshi_agency",
  description = "A referral-only B2B agency: satisfaction, loyalty, rebuy, referral (36 months)",
  periods = 36,
  replicates = 40,
  params = {
    quality = { 0.8, min = 0, max = 1, doc = "service quality (delivery 7/10 very fast, L326)" },
    referral = { 0.03, min = 0, max = 1, doc = "referrals per satisfied client a month (assumption)" },
    online = { 0.0, min = 0, doc = "new clients a month from online acquisition" },
    online_cost = { 4.0, min = 0, doc = "cost per client won online (assumption)" },
    capacity = { 0, min = 0, doc = "agencies served before quality suffers (0: no limit)" },
    poaching = { 1.0, min = 0, doc = "hazard factor of local clients at rebuy (low-price rivals)" },
  },
  variants = {
    { name = "baseline" },
    { name = "online_acquisition", params = { online = 1.5 } },
    { name = "promise_gap", params = { quality = 0.45 } },
    { name = "capacity_limit", params = { capacity = 8 } },
    { name = "poaching", params = { poaching = 1.6 } },
  },
  charts = {
    { title = "Clients", y = "clients", metrics = { "clients.active", "clients.local.active",
                                                  "clients.agencies.active" } },
    { title = "Satisfaction", y = "mean satisfaction (0-1)", metrics = { "clients.satisfaction" } },
    { title = "New clients by referral", y = "clients a month", metrics = { "clients.referred" } },
  },
}

local clients

function setup(sim)
  local p = sim.params
  -- a 20% yearly loss at middling loyalty: 1 - 0.8^(1/12) = 1.8% a month
  local base = 1 - 0.8 ^ (1 / 12)
  clients = rm.cohort {
    name = "clients",
    initial = 20,
    discount = 0.01,
    acquisition = { rate = p.online, cost = p.online_cost },
    segments = {
      { name = "local", share = 12, churn = "satisfaction", rate = base,
        satisfaction = sat.mean, satisfaction_sd = sat.sd, quality = p.quality,
        spend = 2, margin = 0.4, referral = p.referral, hazard_factor = p.poaching },
      { name = "agencies", share = 8, churn = "satisfaction", rate = base,
        satisfaction = sat.mean, satisfaction_sd = sat.sd, quality = p.quality,
        spend = 6, margin = 0.3, referral = p.referral },
    },
  }
end

function period(sim, t)
  local p = sim.params
  if p.capacity > 0 and t > 0 then
    -- a small firm stretched by large projects: quality falls with the overload
    local agencies = clients:get("active", "agencies")
    local over = math.max(0, agencies - p.capacity) / p.capacity
    clients:set { segment = "agencies", quality = math.max(0.2, p.quality - 0.5 * over) }
  end
end

function done(sim)
  local last = sim.periods - 1
  sim:result("final_clients", sim:get("clients.active", last))
  local margin, referred = 0, 0
  for t = 0, last do
    margin = margin + sim:get("clients.margin", t)
    referred = referred + sim:get("clients.referred", t)
  end
  sim:result("total_margin", margin)
  sim:result("referred", referred)
  sim:result("satisfaction", sim:get("clients.satisfaction", last))
end
