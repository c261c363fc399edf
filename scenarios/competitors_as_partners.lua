-- competitors_as_partners.lua: rivals in one arena, allies in another.
--
-- Models: Sony and Dell selling notebooks to the same buyers, month by month
-- for three years. In the notebook arena each firm chooses each month to
-- restrain (cooperate) or to pay trade-in subsidies to switchers (compete);
-- buyers replacing a notebook pick a brand, swayed by the subsidies. In the
-- standards arena the two back the same format (Blu-ray) and share its gains
-- while both keep cooperating there. The payoffs of the cooperate/compete game
-- are not a table: they are the margins the simulated market pays.
--
-- Facts (docs/cases.md, case 004):
--   * Sony pays $500 to Dell notebook owners and $300 to any switcher to a Vaio BX
--     (from $1,171), plus $40 a notebook to solution providers; Dell answers with
--     channel discounts; Sony extends the subsidy (L15-23).
--   * Yet they are allies elsewhere (CES, both backing Blu-ray): "both a
--     competitor and a collaborator" (L23).
--   * Microsoft and Cisco: "tit-for-tat competition in some markets" while
--     cooperating on interoperability (L41-49).
--   * Game strategy: zero-sum, constant-sum and variable-sum games; "synergistic
--     competition" (L33).
--   * The chapter's classroom game: two groups of 4 play two firms that cooperate
--     in one field and compete in another, 45 minutes (L59-68); it gives no
--     scores. For the class: rmsim play --payoff 2,-1,3,0 (docs/teaching.md).
-- Assumptions (not in the case): market size and replacement rate, brand pull,
-- margin per notebook ($150), how much a subsidy moves a buyer, the value of the
-- shared standard.
--
-- Variants: restraint (neither subsidises), subsidy_war (both do), one_sided
-- (Sony only, as in 2006 before Dell answered), tit_for_tat (Sony opens the war,
-- each then copies the other), generous (tit for tat that forgives one month in
-- three), standards_split (restraint on notebooks but rival formats).
--
--   rmsim run scenarios/competitors_as_partners.lua --out out/sony_dell
--   rmsim sweep scenarios/competitors_as_partners.lua --metric joint_margin --out out/sony_dell_sweep
local rm = require "rmsim"

rm.scenario {
  name = "competitors_as_partners",
  description = "Sony and Dell: trade-in subsidies in notebooks, allies on Blu-ray (36 months)",
  periods = 36,
  replicates = 20,
  params = {
    buyers = { 100000, min = 100, doc = "notebook owners in the model market (scaled down)" },
    replace = { 0.03, min = 0, max = 1, doc = "owners replacing a notebook each month" },
    margin = { 150.0, min = 0, doc = "margin per notebook sold, $ (assumption)" },
    subsidy = { 400.0, min = 0, doc = "trade-in subsidy per switcher, $ ($300-500, L15-23)" },
    pull = { 0.004, min = 0, doc = "how much $1 of subsidy raises a switcher's odds (logit)" },
    standard_value = { 300000.0, min = 0, doc = "each firm's monthly gain from a shared standard" },
    sony = { "restrain", doc = "restrain, subsidise, tit_for_tat or generous" },
    dell = { "restrain", doc = "restrain, subsidise, tit_for_tat or generous" },
    standards = { "shared", doc = "shared (both back Blu-ray) or split" },
  },
  variants = {
    { name = "restraint" },
    { name = "subsidy_war", params = { sony = "subsidise", dell = "subsidise" } },
    { name = "one_sided", params = { sony = "subsidise" } },
    { name = "tit_for_tat", params = { sony = "tit_for_tat", dell = "tit_for_tat" } },
    { name = "generous", params = { sony = "generous", dell = "generous" } },
    { name = "standards_split", params = { standards = "split" } },
  },
  charts = {
    { title = "Monthly margin, $", y = "$ a month", metrics = { "sony.margin", "dell.margin" } },
    { title = "Market share", y = "share of owners", metrics = { "sony.share", "dell.share" } },
    { title = "Subsidising (1) or restraining (0)", y = "move", metrics = { "sony.move", "dell.move" } },
  },
}

local owners = {}
local last = {}

-- 1 = subsidise (compete), 0 = restrain (cooperate), by the firm's policy
local function choose(policy, t, theirs, first)
  if policy == "subsidise" then return 1 end
  if policy == "restrain" then return 0 end
  if t == 0 then return first end
  if policy == "tit_for_tat" then return theirs end
  if policy == "generous" then
    if theirs == 1 and rm.rng.uniform() < 1 / 3 then return 0 end
    return theirs
  end
  error("unknown policy '" .. policy .. "' (restrain, subsidise, tit_for_tat, generous)")
end

function setup(sim)
  -- Dell had the larger notebook base in 2006 (assumption: 60/40)
  owners.dell = math.floor(sim.params.buyers * 0.6)
  owners.sony = sim.params.buyers - owners.dell
  last.sony, last.dell = 0, 0
end

function period(sim, t)
  local p = sim.params
  -- Sony opened the war (L15-23): reciprocators start from Sony's first subsidy
  local s = choose(p.sony, t, last.dell, 1)
  local d = choose(p.dell, t, last.sony, 0)
  local pay, sold = { sony = 0, dell = 0 }, { sony = 0, dell = 0 }
  local move = { sony = s, dell = d }
  -- owners replacing a notebook: stay, or switch for the rival's subsidy (logit)
  for _, firm in ipairs { "sony", "dell" } do
    local rival = firm == "sony" and "dell" or "sony"
    local n = rm.rng.binomial(owners[firm], p.replace)
    local lure = move[rival] * p.subsidy * p.pull - move[firm] * p.subsidy * p.pull * 0.5
    local switch = 1 / (1 + math.exp(2.5 - lure))          -- 7.6% switch with no subsidies
    local movers = rm.rng.binomial(n, switch)
    owners[firm] = owners[firm] - movers
    owners[rival] = owners[rival] + movers
    sold[firm] = sold[firm] + n - movers
    sold[rival] = sold[rival] + movers
    pay[rival] = pay[rival] + movers * move[rival] * p.subsidy
  end
  local shared = p.standards == "shared" and p.standard_value or 0
  for _, firm in ipairs { "sony", "dell" } do
    local margin = sold[firm] * p.margin - pay[firm] + shared
    sim:record(firm .. ".margin", margin)
    sim:record(firm .. ".share", owners[firm] / p.buyers)
    sim:record(firm .. ".subsidies", pay[firm])
    sim:record(firm .. ".move", move[firm])
  end
  last.sony, last.dell = s, d
end

function done(sim)
  local total = { sony = 0, dell = 0 }
  for t = 0, sim.periods - 1 do
    for firm in pairs(total) do total[firm] = total[firm] + sim:get(firm .. ".margin", t) end
  end
  sim:result("sony_margin", total.sony)
  sim:result("dell_margin", total.dell)
  sim:result("joint_margin", total.sony + total.dell)
  sim:result("sony_share", sim:get("sony.share", sim.periods - 1))
end
