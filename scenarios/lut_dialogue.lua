-- lut_dialogue.lua: supplier-customer dialogue on social media builds trust.
--
-- Models: one supplier (a social-media agency) and five business customers,
-- month by month for two years. The supplier's dialogue (how fast and how openly
-- it answers) feeds each customer's trust; customers who take part in
-- development co-create value (more value per project, a stronger bond against
-- rivals); a public complaint is seen by every customer.
--
-- Facts (docs/cases.md, case 003):
--   * Long-term orientation and mutual trust are the basis of value-enhancing
--     B2B relationships (L141-145); one-way talk does not build them (L151-168).
--   * Replies on social media must be rapid (L290); transparency and speed build
--     trust (L360); a personal tone brings the parties closer (L366).
--   * Customers can initiate and join product development (L328); value is
--     co-created (Grönroos 2011, L196); shorter development times are value
--     for the customer (L372).
--   * Public dialogue acts as a free reference; one bad tweet can lose up to 30
--     customers (a quoted headline, L235-243).
-- Assumptions (not in the case): dialogue = openness x exp(-response hours / 24),
-- participation's effect on value, five customers, the trust rates.
--
-- Variants: baseline (4-hour replies, fairly open), fast_replies (1 hour),
-- slow_replies (3 days), closed (one-way, informational), co_development
-- (customers in development), bad_tweet (a public complaint in month 10).
--
--   rmsim run scenarios/lut_dialogue.lua --out out/lut
--   rmsim sweep scenarios/lut_dialogue.lua --metric mean_trust --out out/lut_sweep
local rm = require "rmsim"

rm.scenario {
  name = "lut_dialogue",
  description = "A supplier's dialogue with five business customers on social media, 24 months",
  periods = 24,
  replicates = 20,
  params = {
    response_hours = { 4.0, min = 0, doc = "how long a reply takes (L290: must be rapid)" },
    openness = { 0.7, min = 0, max = 1, doc = "transparent, two-way dialogue (L360)" },
    participation = { 0.0, min = 0, max = 1, doc = "customers taking part in development (L328)" },
    tweet_at = { 0, min = 0, doc = "month of a public complaint (0: none; L235-243)" },
  },
  variants = {
    { name = "baseline" },
    { name = "fast_replies", params = { response_hours = 1.0 } },
    { name = "slow_replies", params = { response_hours = 72.0 } },
    { name = "closed", params = { openness = 0.15 } },
    { name = "co_development", params = { participation = 0.6 } },
    { name = "bad_tweet", params = { tweet_at = 10 } },
  },
  charts = {
    { title = "Trust and commitment (mean over customers)", y = "level (0-1)",
      metrics = { "dialogue.trust", "dialogue.commitment" } },
    { title = "Customers by stage", y = "customers",
      metrics = { "dialogue.in_exploration", "dialogue.in_expansion", "dialogue.in_commitment" } },
  },
}

local ties

function setup(sim)
  local p = sim.params
  ties = rm.partnerships {
    name = "dialogue",
    project_value = 1 + p.participation,          -- co-created value, faster development
    dialogue_gain = 0.06,
    smes = { dialogue = p.openness * math.exp(-p.response_hours / 24),
             added_value = p.participation, capability = 0.6, reputation = 0.4,
             strategy = "tit_for_tat", relationships = 5 },
    large = { count = 5, strategy = "generous_tit_for_tat" },
    rival = 0.5,                                  -- other agencies are always a call away
  }
end

function period(sim, t)
  if t == sim.params.tweet_at and t > 0 then ties:shock { kind = "complaint", sme = 1 } end
end

function done(sim)
  local last = sim.periods - 1
  sim:result("mean_trust", sim:get("dialogue.trust", last) or 0)
  sim:result("committed", sim:get("dialogue.in_commitment", last))
  local value = 0
  for t = 0, last do value = value + sim:get("dialogue.joint_profit", t) end
  sim:result("joint_value", value)
  sim:result("customers_kept", sim:get("dialogue.relationships", last))
  sim:result("months_to_commitment", sim:get("dialogue.time_to_commitment", last) or sim.periods)
end
