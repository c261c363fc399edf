-- xiaomi_fans.lua: a fan community on a social network, and what it buys.
--
-- Models: word of mouth on a network of two communities (young, price-sensitive
-- fans in first-tier cities; ordinary buyers elsewhere), quarter by quarter over
-- six years. Adopters become customers of a cohort (fans churn less, sBG); the
-- ones who leave unhappy warn their contacts (negative word of mouth).
--
-- Facts (../shared/CASES.md; seed 002_3dfce390839564d1.txt, cut off at L51):
--   * 30M+ community users, 28M QQ Zone fans, 13M Weibo followers (L7): fans are a
--     large, densely linked community.
--   * Phones: 7.19M (2012), 17.7M (2013), 61.12M (2014), 64.9M (2015) (L31):
--     an S-curve that flattens; the model is scaled to 20 000 people.
--   * Brand loyalty about 25%, first in China, Q4 2016 - Q4 2017 (L39-41):
--     about 25% stay with the brand at the next purchase.
--   * Users 62% male, mostly 20-29, price-sensitive (L43-47): the young segment.
--   * Strong in first-tier cities, weak in second and third tier against OPPO
--     and vivo (L33-35): the rival variant.
--   * MIUI satisfaction about 88-89%; staff spend 15+ minutes a day on the forum
--     (L49): responsiveness keeps the unhappy from turning into detractors.
-- Assumptions (not in the case): network sizes and densities, p and q, the
-- budget's effect on p (advertising) or q (community), churn parameters.
--
-- Variants: baseline, community (the budget goes to fans: q up), advertising
-- (the budget goes to ads: p up), slow_forum (no one answers: more unhappy
-- leavers warn others), price_shock (the young segment's churn x 1.8 from year
-- 3), rival_rising (OPPO/vivo in the second community: ordinary buyers churn
-- more and more leave unhappy).
--
--   rmsim run scenarios/xiaomi_fans.lua --out out/xiaomi
--   rmsim sweep scenarios/xiaomi_fans.lua --metric customers --out out/xiaomi_sweep
local rm = require "rmsim"

rm.scenario {
  name = "xiaomi_fans",
  description = "Fans and ordinary buyers on a social network: word of mouth, loyalty, rivals",
  periods = 24,
  replicates = 10,
  params = {
    people = { 20000, min = 100, doc = "people in the model market (scaled down)" },
    p = { 0.002, min = 0, max = 1, doc = "innovation: advertising, the firm's posts" },
    q = { 0.35, min = 0, max = 1, doc = "imitation: adopters talking to friends" },
    budget_to = { "none", doc = "none, community (q x 1.3) or advertising (p x 3)" },
    unhappy = { 0.2, min = 0, max = 1, doc = "share of leavers who warn others (forum answered)" },
    price_shock = { 1.0, min = 0, doc = "fans' churn factor from year 3 (price rise)" },
    rival = { 0.0, min = 0, max = 1, doc = "extra churn of ordinary buyers from a rival (OPPO, vivo)" },
  },
  variants = {
    { name = "baseline" },
    { name = "community", params = { budget_to = "community" } },
    { name = "advertising", params = { budget_to = "advertising" } },
    { name = "slow_forum", params = { unhappy = 0.6 } },
    { name = "price_shock", params = { price_shock = 1.8 } },
    { name = "rival_rising", params = { rival = 0.08, unhappy = 0.35 } },
  },
  charts = {
    { title = "Adoption: the S-curve", y = "people", metrics = { "buzz.ever", "buzz.adopters" } },
    { title = "Customers by segment", y = "customers",
      metrics = { "phones.active", "phones.fans.active", "phones.ordinary.active" } },
    { title = "Negative word of mouth", y = "people", metrics = { "buzz.detractors", "buzz.reach" } },
  },
}

local phones

function setup(sim)
  local p = sim.params
  local half = math.floor(p.people / 2)
  local net = rm.network { model = "sbm", blocks = { half, p.people - half },
                           p_in = 12 / half, p_out = 1 / half }
  -- fans: sBG with mean churn 0.2 a quarter; ordinary buyers 0.35 a quarter: about a
  -- quarter to a third of a year's customers are still there a year later (loyalty ~25%)
  phones = rm.cohort {
    name = "phones",
    segments = {
      { name = "fans", share = 1, churn = "sbg", alpha = 2, beta = 8, spend = 1, margin = 0.1 },
      { name = "ordinary", share = 1, churn = "constant", rate = 0.35, spend = 1, margin = 0.1 },
    },
  }
  local pp, qq = p.p, p.q
  if p.budget_to == "community" then qq = qq * 1.3 end
  if p.budget_to == "advertising" then pp = pp * 3 end
  rm.wom { name = "buzz", network = net, p = pp, q = qq, seeds = 50, seeding = "degree",
                  dissatisfied = p.unhappy, deterrence = 0.8, customers = phones }
end

function period(sim, t)
  local p = sim.params
  if t == 8 and p.price_shock ~= 1 then
    phones:set { segment = "fans", hazard_factor = p.price_shock }
  end
  if t == 8 and p.rival > 0 then
    phones:set { segment = "ordinary", hazard_factor = 1 + p.rival / 0.35 }
  end
end

function done(sim)
  local last = sim.periods - 1
  sim:result("customers", sim:get("phones.active", last))
  sim:result("reached", sim:get("buzz.ever", last) / sim.params.people)
  sim:result("detractors", sim:get("buzz.detractors", last))
  -- loyalty: the share of last year's customers still there (4 quarters)
  local kept = 1
  for t = last - 3, last do kept = kept * sim:get("phones.retention", t) end
  sim:result("yearly_loyalty", kept)
end
