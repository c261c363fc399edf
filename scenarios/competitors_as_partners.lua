-- competitors_as_partners.lua: rivals in one arena, allies in another.
--
-- Models: Sony and Dell selling notebooks to the same owners, month by month
-- for four years, on rm.market: owners replace a notebook now and then and
-- choose a brand by a logit, held by switching costs and loyalty. Each month
-- each firm plays two arenas: notebooks, where it restrains (cooperates) or
-- pays a trade-in subsidy to owners of the rival's notebooks (competes); and
-- the Blu-ray standard, which both back and share while they trust each
-- other. Competing in notebooks costs trust, and trust is what the alliance
-- pays on (the spill-over). The payoffs are what the market and the alliance
-- pay, not a table.
--
-- Facts (docs/cases.md, case 004):
--   * In 2006 Sony, to take share from Dell, offered $500 to owners of a Dell
--     notebook and $300 to any owner who traded in for a Vaio BX (from
--     $1,171), with $40 a unit to resellers; Dell answered with discounts to
--     its channel and Sony kept the subsidy going (L15-23).
--   * At the same time the two were allies: on one stage at CES, and both
--     behind the Blu-ray disc format; "both a competitor and a collaborator"
--     (L23).
--   * Microsoft and Cisco kept "tit-for-tat competition in some markets" while
--     making their products work together in seven areas (L41-49).
--   * The chapter's class game: two groups of four play two firms that
--     cooperate in one field and compete in another, 45 minutes (L59-68); it
--     gives no scores. For the class: rmsim play --players 2 (docs/teaching.md).
-- Assumptions (not in the case): Dell's larger base (60/40), a purchase by an
-- owner about once a year, margins of about $200 a notebook, how strongly $1 of
-- subsidy moves a buyer (a $400 subsidy about cancels the switching cost), the
-- standard's value and how fast trust falls.
--
-- The report shows the dilemma directly: four copies of the market, one per
-- cell of the 2x2 game (both restrain, Sony alone subsidises, Dell alone,
-- both), side by side. The `notebooks` market plays the policies set by
-- `sony` and `dell` (variants below, or your own move functions).
--
--   rmsim run scenarios/competitors_as_partners.lua --out out/sony_dell
--   rmsim run scenarios/competitors_as_partners.lua --set lock_in=0   # no lock-in
--   rmsim sweep scenarios/competitors_as_partners.lua --metric joint_payoff --out out/sweep
local rm = require "rmsim"

rm.scenario {
  name = "competitors_as_partners",
  description = "Sony and Dell: trade-in subsidies in notebooks, allies on Blu-ray (48 months)",
  periods = 48,
  replicates = 20,
  -- the case dates the subsidy to 2006 and Microsoft-Cisco to 2007, no months
  start = "2006-01",
  period = "month",
  params = {
    buyers = { 100000, min = 100, doc = "notebook owners in the model market (scaled down)" },
    cycle = { 12.0, min = 1, doc = "mean months between purchases of an owner (assumption)" },
    subsidy = { 400.0, min = 0, doc = "trade-in subsidy to the rival's owners, $ (case: $300-500)" },
    pull = { 0.006, min = 0, doc = "utility of $1 off the price (logit; assumption)" },
    lock_in = { 2.5, min = 0, doc = "switching cost: utility of staying with one's brand" },
    loyalty = { 1.0, min = 0, doc = "further utility of staying per unit of loyalty" },
    standard_value = { 1.0, min = 0, doc = "each firm's monthly gain from the shared standard, $ per owner" },
    spill = { 0.5, min = 0, max = 1, doc = "how much competing in notebooks costs the rival's trust" },
    sony = { "restrain", doc = "restrain, subsidise, tit_for_tat or generous" },
    dell = { "restrain", doc = "restrain, subsidise, tit_for_tat or generous" },
    standards = { "shared", doc = "shared (both back Blu-ray) or split (rival formats)" },
    panel = { true, doc = "also run the four cells of the 2x2 game side by side" },
  },
  variants = {
    { name = "restraint" },
    { name = "one_sided", params = { sony = "subsidise" } },
    { name = "subsidy_war", params = { sony = "subsidise", dell = "subsidise" } },
    { name = "tit_for_tat", params = { sony = "tit_for_tat", dell = "tit_for_tat" } },
    { name = "generous", params = { sony = "generous", dell = "generous" } },
    { name = "standards_split", params = { standards = "split" } },
  },
  -- the case gives years only: each event is put in the year's first month
  events = {
    { t = 0, label = "Sony's trade-in subsidy to Dell owners ($300-500)" },
    { t = 0, label = "Sony and Dell on one stage at CES, both behind Blu-ray" },
    { t = 12, label = "Microsoft and Cisco: tit for tat, yet working together" },
  },
  charts = {
    { title = "The dilemma: Sony's monthly payoff in each cell ($)", y = "$ a month",
      metrics = { "both_restrain.sony.payoff", "sony_alone.sony.payoff",
                  "dell_alone.sony.payoff", "war.sony.payoff" },
      labels = { "both restrain", "Sony alone subsidises", "Dell alone subsidises",
                 "both subsidise" },
      note = "The four cells of the 2x2 game on the same random numbers. Subsidising " ..
             "alone costs Sony at first and pays later, because the owners it wins stay " ..
             "(switching costs, loyalty); a war costs it most. Restraining while Dell " ..
             "subsidises costs less than a war: the game is chicken, not a prisoner's dilemma." },
    { title = "The dilemma: Dell's monthly payoff in each cell ($)", y = "$ a month",
      metrics = { "both_restrain.dell.payoff", "sony_alone.dell.payoff",
                  "dell_alone.dell.payoff", "war.dell.payoff" },
      labels = { "both restrain", "Sony alone subsidises", "Dell alone subsidises",
                 "both subsidise" },
      note = "The same for Dell, the larger firm: its subsidy reaches fewer rival owners, " ..
             "so subsidising alone gains it less than Sony, and a war costs it more." },
    { title = "Sony's share of owners in each cell", y = "share",
      metrics = { "both_restrain.sony.share", "sony_alone.sony.share",
                  "dell_alone.sony.share", "war.sony.share" },
      labels = { "both restrain", "Sony alone subsidises", "Dell alone subsidises",
                 "both subsidise" },
      note = "What the subsidy buys: owners won from the rival at each purchase, kept by " ..
             "switching costs. In a war the two subsidies largely cancel." },
    { title = "Trust in Sony (Dell's) in each cell: the spill-over", y = "trust",
      metrics = { "both_restrain.sony.trusted", "sony_alone.sony.trusted", "war.sony.trusted" },
      labels = { "both restrain", "Sony alone subsidises", "both subsidise" },
      note = "Competing in notebooks costs the rival's trust, and the Blu-ray alliance pays " ..
             "on trust: the link between the two arenas. Try --set spill=0." },
    { title = "Your policies: monthly payoff ($)", y = "$ a month",
      metrics = { "notebooks.sony.payoff", "notebooks.dell.payoff" },
      labels = { "Sony", "Dell" },
      note = "The market run with the policies set by --set sony=... and dell=... " ..
             "(restrain, subsidise, tit_for_tat, generous), or by the variant." },
    { title = "Your policies: subsidising (1) or restraining (0)", y = "move",
      metrics = { "notebooks.sony.notebooks.move", "notebooks.dell.notebooks.move" },
      labels = { "Sony", "Dell" },
      note = "The mean move over replicates. Two tit-for-tat players after Sony's opening " ..
             "subsidy echo it, in turn; generous players forgive a third of the time and " ..
             "find restraint again, as the chapter's reading of the game suggests." },
  },
}

-- a notebook policy as a move: "D" subsidises, "C" restrains
local function policy_move(policy, h, me, rival, first)
  if policy == "subsidise" then return "D" end
  if policy == "restrain" then return "C" end
  if h.t == 0 then return first end
  local theirs = h.moves[rival].notebooks[h.t]      -- last month's
  if policy == "tit_for_tat" then return theirs end
  if policy == "generous" then
    if theirs == "D" and rm.rng.uniform() < 1 / 3 then return "C" end
    return theirs
  end
  error("unknown policy '" .. tostring(policy) .. "' for " .. me ..
        " (restrain, subsidise, tit_for_tat, generous)")
end

local function market(sim, name, sony, dell, stream)
  local p = sim.params
  local bluray = p.standards == "shared" and "C" or "D"
  local function mover(policy, me, rival, first)
    return function(h)
      return { notebooks = policy_move(policy, h, me, rival, first), bluray = bluray }
    end
  end
  return rm.market {
    name = name,
    customers = p.buyers,
    switching = true,
    stream = stream,
    firms = {
      -- Sony opened the war: a reciprocator starts from its subsidy
      { name = "sony", share = 0.4, price = 1171, unit_cost = 950, brand = 7.2,
        move = mover(sony, "sony", "dell", "D") },
      { name = "dell", share = 0.6, price = 1100, unit_cost = 900, brand = 6.9,
        move = mover(dell, "dell", "sony", "C") },
    },
    segments = {
      { name = "owners", price_sensitivity = p.pull, quality_sensitivity = 0,
        service_sensitivity = 0, switching_cost = p.lock_in, inertia = p.loyalty,
        cycle = p.cycle, outside = -1 },
    },
    arenas = {
      { name = "notebooks", compete = { subsidy = p.subsidy }, cooperate = { subsidy = 0 },
        spill = p.spill },
      { name = "bluray", value = p.standard_value * p.buyers, solo = 0.5 },
    },
  }
end

local cells = {
  { "both_restrain", "restrain", "restrain" }, { "sony_alone", "subsidise", "restrain" },
  { "dell_alone", "restrain", "subsidise" }, { "war", "subsidise", "subsidise" },
}

function setup(sim)
  market(sim, "notebooks", sim.params.sony, sim.params.dell)
  if sim.params.panel then
    -- one stream for all four: the cells differ only by the moves (paired)
    for _, c in ipairs(cells) do market(sim, c[1], c[2], c[3], 1) end
  end
end

local function total(sim, metric)
  local s = 0
  for t = 0, sim.periods - 1 do s = s + sim:get(metric, t) end
  return s
end

function done(sim)
  local firms = { "sony", "dell" }
  for _, f in ipairs(firms) do
    sim:result(f .. "_payoff", total(sim, "notebooks." .. f .. ".payoff"))
    sim:result(f .. "_margin", total(sim, "notebooks." .. f .. ".margin"))
  end
  sim:result("joint_payoff", total(sim, "notebooks.sony.payoff") + total(sim, "notebooks.dell.payoff"))
  sim:result("sony_share", sim:get("notebooks.sony.share", sim.periods - 1))
  if not sim.params.panel then return end
  -- the 2x2 game, paid by the market and the alliance, paired within a replicate
  local pay = {}
  for _, c in ipairs(cells) do
    pay[c[1]] = {}
    for _, f in ipairs(firms) do pay[c[1]][f] = total(sim, c[1] .. "." .. f .. ".payoff") end
    pay[c[1]].bluray = total(sim, c[1] .. ".sony.bluray.payoff") + total(sim, c[1] .. ".dell.bluray.payoff")
  end
  local base = pay.both_restrain
  -- a war can pay for one firm: subsidising alone beats restraint ...
  sim:result("sony_gain_alone", pay.sony_alone.sony - base.sony)
  sim:result("dell_gain_alone", pay.dell_alone.dell - base.dell)
  -- ... while both lose together when both subsidise
  sim:result("sony_war_loss", pay.war.sony - base.sony)
  -- restraining against a subsidiser: when this loss is smaller than the war's,
  -- the game is chicken (each would rather give way than fight a war), when
  -- larger, a prisoner's dilemma
  sim:result("sony_sucker_loss", pay.dell_alone.sony - base.sony)
  sim:result("dell_sucker_loss", pay.sony_alone.dell - base.dell)
  sim:result("dell_war_loss", pay.war.dell - base.dell)
  -- what giving way to the rival's subsidy saves against fighting it (> 0: chicken)
  sim:result("sony_give_way", pay.dell_alone.sony - pay.war.sony)
  sim:result("dell_give_way", pay.sony_alone.dell - pay.war.dell)
  sim:result("joint_war_loss", pay.war.sony + pay.war.dell - base.sony - base.dell)
  -- of which the alliance's part: trust lost in notebooks costs the standard
  sim:result("alliance_war_loss", pay.war.bluray - base.bluray)
end
