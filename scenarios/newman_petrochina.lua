-- newman_petrochina.lua: an SME earning a state giant's trust, and what breaks it.
--
-- Models: one SME (Newman Co.) courting one large buyer (PetroChina) through the
-- relationship stages (awareness -> exploration -> expansion -> commitment),
-- quarter by quarter from the first projects in 2008 to the end of the pipeline
-- contract in 2013; trust, commitment and satisfaction move with dialogue and with
-- each side's choice to cooperate or compete on each project (docs/models.md).
--
-- Facts (docs/cases.md, case 000):
--   * Newman: 50+ staff in 2007, IT solutions and outsourcing (L78-83).
--   * First projects: telecommuting (Jun 2008 - Jun 2009) and a tailored
--     video-conferencing system (2008) (L113-119); "through a series of successful
--     cooperation" PetroChina trusts Newman with the digital pipeline network,
--     2010-2013, over $900M, about ten years of Newman's earlier income
--     (L1310-1316): projects grow with the stage (stage scale 0.25 .. 2).
--   * The growth cycle: trust -> long-term relationship -> commitment -> growth
--     (Figure 6, L511-526); commitment is built on high trust (L496-502).
--   * Price alone is a risky bond; added value (dialogue, customisation, updates)
--     holds clients when rivals enter (L1227-1234).
--   * A partner that "has not learned co-operative game rules" makes the
--     relationship precarious (L452-454).
-- Assumptions (not in the case): quarters as periods, the trust and commitment
-- rates (docs/models.md defaults), the buyer playing generous tit for tat and
-- Newman tit for tat, the dialogue levels, when shocks strike, and the rival's
-- value for money (1.0 = as good as Newman's price-only offer).
--
-- Variants (rmsim sweep scenarios/newman_petrochina.lua runs them all):
--   baseline, low_dialogue, high_dialogue, failed_delivery (a failure right after
--   commitment), rival_price_only, rival_added_value, key_contact_leaves.
--
--   rmsim run scenarios/newman_petrochina.lua --out out/newman
--   rmsim run scenarios/newman_petrochina.lua --set failure_at=18 --out out/newman_failure
--   rmsim sweep scenarios/newman_petrochina.lua --metric final_trust --out out/newman_sweep
local rm = require "rmsim"

rm.scenario {
  name = "newman_petrochina",
  description = "An SME (Newman) earning a state giant's (PetroChina) trust, quarter by quarter, 2008-2013",
  periods = 24,
  replicates = 20,
  params = {
    dialogue = { 0.6, min = 0, max = 1, doc = "Newman's dialogue intensity and quality (assumption)" },
    added_value = { 0.3, min = 0, max = 1, doc = "customisation, pre-sales dialogue, updates (L1227-1234)" },
    capability = { 0.5, min = 0, max = 1, doc = "what Newman can deliver at the start (assumption)" },
    failure_at = { 0, min = 0, doc = "quarter of a failed delivery (0: none)" },
    rival_at = { 0, min = 0, doc = "quarter a cheaper rival enters (0: none)" },
    rival_value = { 1.0, min = 0, doc = "the rival's value for money (Newman's price-only: 0.5)" },
    contact_leaves_at = { 0, min = 0, doc = "quarter the key contact leaves (0: none)" },
    buyer = { "generous_tit_for_tat", doc = "PetroChina's strategy (a declared strategy)" },
  },
  variants = {
    { name = "baseline" },
    { name = "low_dialogue", params = { dialogue = 0.2 } },
    { name = "high_dialogue", params = { dialogue = 0.9 } },
    { name = "failed_delivery", params = { failure_at = 18 } },
    { name = "rival_price_only", params = { rival_at = 16, added_value = 0 } },
    { name = "rival_added_value", params = { rival_at = 16, added_value = 0.6 } },
    { name = "key_contact_leaves", params = { contact_leaves_at = 14 } },
  },
  charts = {
    { title = "Trust and commitment", y = "level (0-1)",
      metrics = { "ties.d1.trust", "ties.d1.commitment" } },
    { title = "Stage (0 awareness, 1 exploration, 2 expansion, 3 commitment, 4 dissolved)",
      y = "stage", metrics = { "ties.d1.stage" } },
    { title = "Newman's capability: the growth cycle", y = "capability (0-1)",
      metrics = { "ties.sme_capability" } },
  },
}

local ties

function setup(sim)
  local p = sim.params
  ties = rm.partnerships {
    name = "ties",
    smes = { capability = p.capability, reputation = 0.3, dialogue = p.dialogue,
             added_value = p.added_value, strategy = "tit_for_tat", resources = 10, cost = 0.1 },
    large = { strategy = p.buyer, suppliers = 5 },
  }
end

function period(sim, t)
  local p = sim.params
  if t == p.failure_at and t > 0 then ties:shock { kind = "failed_delivery", sme = 1 } end
  if t == p.contact_leaves_at and t > 0 then ties:shock { kind = "contact_leaves", sme = 1 } end
  if t == p.rival_at and t > 0 then ties:set { rival = p.rival_value } end
end

function done(sim)
  local last = sim.periods - 1
  local d = ties:dyad(1)
  sim:result("committed_at_end", d.stage == "commitment" and 1 or 0)
  sim:result("final_trust", d.stage == "dissolved" and 0 or d.trust)
  sim:result("capability", sim:get("ties.sme_capability", last))
  local profit = 0
  for t = 0, last do profit = profit + sim:get("ties.profit_sme", t) end
  sim:result("newman_profit", profit)
  local first
  for t = 0, last do
    if not first and sim:get("ties.d1.stage", t) == 3 then first = t end
  end
  sim:result("quarter_committed", first or sim.periods)
end
