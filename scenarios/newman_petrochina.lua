-- newman_petrochina.lua: an SME earning a state giant's trust, and what breaks it.
--
-- Models: one SME (Newman Co.) courting one large buyer (PetroChina) through the
-- relationship stages (awareness -> exploration -> expansion -> commitment),
-- quarter by quarter from the first projects in 2008 (period 0 = 2008 Q1) to the
-- end of the pipeline contract in 2013 (period 23 = 2013 Q4). Each quarter Newman
-- delivers a project well or badly (the chance falls with its capability and with
-- what the two have learned of each other), the joint value is split by
-- bargaining power (Newman depends on PetroChina far more than the reverse),
-- PetroChina pays late, and Newman pays to adapt its organisation, brand and
-- culture until it is committed (docs/models.md).
--
-- Facts (docs/cases.md, case 000):
--   * Newman: 50+ staff in 2007, IT solutions and outsourcing; PetroChina a state
--     giant with hundreds of thousands of employees.
--   * First projects: telecommuting (Jun 2008 - Jun 2009) and a tailored
--     video-conferencing system (2008); after "a series of successful
--     cooperation" PetroChina gives Newman the digital pipeline network, a
--     three-year contract from May 2010 to 2013 (period 9 = 2010 Q2: the
--     commitment stage, whose projects are the largest).
--   * The contract is worth about ten years of Newman's earlier income over three
--     years: a committed quarter (project size about 2.5) is about 3.3 quarters of
--     Newman's other income, so other_revenue = 0.75.
--   * The SME must have the technology, ability and resources the giant needs;
--     the giant selects, the SME adapts (organisation, brand, culture) and the
--     relationship is "unfair" but the SME grows by it (the growth cycle).
--   * Price alone is a risky bond; added value (dialogue, customisation, updates)
--     holds clients when rivals enter.
-- Assumptions (not in the case): quarters as periods; the model's default rates
-- (docs/models.md) except dialogue_gain, fitted so that commitment comes in
-- 2010 Q2 (scenarios/README.md shows the fit); capability 0.6; PetroChina's
-- purchases from others (50 a quarter), its adaptation demand (0.1) and payment
-- terms (two quarters); PetroChina playing generous tit for tat and Newman tit for
-- tat; dialogue mostly in private meetings between managers.
--
-- Variants (rmsim sweep scenarios/newman_petrochina.lua runs them all):
--   baseline, low_capability, high_capability, low_dialogue, failed_delivery (a
--   failure right after commitment), rival_price_only, rival_added_value,
--   key_contact_leaves, diversified (Newman with five times its other business).
--
--   rmsim run scenarios/newman_petrochina.lua --out out/newman
--   rmsim sweep scenarios/newman_petrochina.lua --metric quarter_committed --out out/newman_sweep
local rm = require "rmsim"

rm.scenario {
  name = "newman_petrochina",
  description = "An SME (Newman) earning a state giant's (PetroChina) trust, quarter by quarter, 2008-2013",
  periods = 24,
  replicates = 40,
  start = "2008-01",
  period = "quarter",             -- period 0 is 2008 Q1, period 9 is 2010 Q2
  params = {
    capability = { 0.6, min = 0, max = 1, doc = "what Newman can deliver at the start (assumption)" },
    dialogue = { 0.6, min = 0, max = 1, doc = "Newman's dialogue intensity (assumption)" },
    openness = { 1, min = 0, max = 1, doc = "two-way (1) or broadcast (0) dialogue" },
    added_value = { 0.3, min = 0, max = 1, doc = "customisation, pre-sales dialogue, updates" },
    other_revenue = { 0.75, min = 0, doc = "Newman's other income a quarter (the contract: 10 years of it)" },
    adaptation = { 0.1, min = 0, doc = "qualifying's cost a quarter at equal power" },
    dialogue_gain = { 0.1, min = 0, max = 1, doc = "trust from dialogue (assumption)" },
    bond = { 0.5, min = 0, max = 1, doc = "commitment's pace (fitted: commitment in 2010 Q2)" },
    trust_up = { 0.2, min = 0, max = 1, doc = "trust a good project adds (fitted with bond)" },
    risk = { 0.2, min = 0, max = 1, doc = "failure chance from missing capability (0: none)" },
    bargaining = { 0.5, min = 0, max = 1, doc = "how far power splits the value (0: not at all)" },
    interest = { 0.01, min = 0, max = 1, doc = "Newman's cost of waiting a quarter for payment" },
    failure_at = { 0, min = 0, doc = "quarter of a failed delivery (0: none)" },
    rival_at = { 0, min = 0, doc = "quarter a cheaper rival enters (0: none)" },
    rival_value = { 1.8, min = 0, doc = "the rival's value for money (Newman's price-only: ~0.8)" },
    contact_leaves_at = { 0, min = 0, doc = "quarter the key contact leaves (0: none)" },
    buyer = { "generous_tit_for_tat", doc = "PetroChina's strategy (a declared strategy)" },
  },
  variants = {
    { name = "baseline" },
    { name = "low_capability", params = { capability = 0.2 } },
    { name = "high_capability", params = { capability = 0.9 } },
    { name = "low_dialogue", params = { dialogue = 0.2 } },
    { name = "failed_delivery", params = { failure_at = 12 } },
    { name = "rival_price_only", params = { rival_at = 16, added_value = 0 } },
    { name = "rival_added_value", params = { rival_at = 16, added_value = 0.6 } },
    { name = "key_contact_leaves", params = { contact_leaves_at = 14 } },
    { name = "diversified", params = { other_revenue = 3.75 } },
  },
  events = {
    { t = 1, label = "telecommuting (Jun 2008 - Jun 2009) and video conferencing (2008)" },
    { t = 9, label = "digital pipeline network contract, May 2010" },
    { t = 23, label = "pipeline contract ends, 2013" },
  },
  charts = {
    { title = "Trust and commitment", y = "level (0-1)",
      metrics = { "ties.d1.trust", "ties.d1.commitment" }, labels = { "trust", "commitment" },
      note = "Trust rises with each project delivered well and with dialogue; commitment " ..
             "follows it. A failed delivery (more often for a less capable Newman) sets " ..
             "trust back, and commitment comes later." },
    { title = "Stage (0 awareness, 1 exploration, 2 expansion, 3 commitment, 4 dissolved)",
      y = "stage", metrics = { "ties.d1.stage" }, labels = { "stage" },
      note = "The mean stage over replicates: commitment, the multi-year contract, comes " ..
             "around the second quarter of 2010, as the pipeline contract did." },
    { title = "Each side's profit a quarter", y = "profit",
      metrics = { "ties.profit_sme", "ties.profit_large" }, labels = { "Newman", "PetroChina" },
      note = "The joint value is split by power: Newman depends on PetroChina for most of " ..
             "its business, PetroChina on Newman for little, and it pays late. Newman still " ..
             "gains, more as the projects grow." },
    { title = "Newman's dependence on PetroChina, and PetroChina's on Newman", y = "share",
      metrics = { "ties.dependence_sme", "ties.dependence_large" },
      labels = { "Newman on PetroChina", "PetroChina on Newman" },
      note = "Each side's share of its business that the other is: the asymmetry behind " ..
             "the split of value and the adaptation Newman pays for." },
    { title = "Newman's capability: the growth cycle", y = "capability (0-1)",
      metrics = { "ties.sme_capability" }, labels = { "capability" },
      note = "Committed quarters grow Newman's capability and reputation, which lets it " ..
             "take on more work: the case's growth cycle." },
  },
}

local ties

function setup(sim)
  local p = sim.params
  ties = rm.partnerships {
    name = "ties",
    dialogue_gain = p.dialogue_gain,
    bond = p.bond,
    trust_up = p.trust_up,
    risk = p.risk,
    bargaining = p.bargaining,
    interest = p.interest,
    smes = { capability = p.capability, reputation = 0.3, dialogue = p.dialogue,
             openness = p.openness, response_hours = 8, transparency = 0.6, public = 0,
             added_value = p.added_value, strategy = "tit_for_tat", resources = 5, cost = 0.1,
             revenue = p.other_revenue, relationships = 2 },
    large = { strategy = p.buyer, suppliers = 5, revenue = 50, adaptation = p.adaptation,
              payment_terms = 2 },
  }
end

function period(sim, t)
  local p = sim.params
  if t == p.failure_at and t > 0 then ties:shock { kind = "failed_delivery", sme = 1 } end
  if t == p.contact_leaves_at and t > 0 then ties:shock { kind = "contact_leaves", sme = 1 } end
  if t == p.rival_at and t > 0 then ties:set { rival = p.rival_value } end
end

local function total(sim, name)
  local s = 0
  for t = 0, sim.periods - 1 do s = s + sim:get(name, t) end
  return s
end

function done(sim)
  local last = sim.periods - 1
  local d = ties:dyad(1)
  sim:result("newman_profit", d.profit_sme)     -- first: rmsim sweep's default metric
  local first
  for t = 0, last do
    if not first and sim:get("ties.d1.stage", t) == 3 then first = t end
  end
  sim:result("quarter_committed", first or sim.periods)
  sim:result("final_trust", d.stage == "dissolved" and 0 or d.trust)
  sim:result("failed_deliveries", d.failures)
  sim:result("petrochina_profit", d.profit_large)
  sim:result("profit_gap", d.profit_large - d.profit_sme)
  sim:result("adaptation_paid", d.sunk)
  sim:result("dependence", d.dependence_sme)
  sim:result("capability", sim:get("ties.sme_capability", last))
  sim:result("joint_value", total(sim, "ties.joint_profit"))
end
