-- shadow_of_the_future.lua: does cooperating pay when the relationship is long?
--
-- The same five strategies meet in round robins of growing match length:
-- 1, 2, 3, 5, 10, 20, 50 and 200 periods (one "period" of this scenario per
-- length). In a one-shot deal competing wins; as the relationship lengthens,
-- reciprocity (tit for tat, grudger) overtakes always competing: Axelrod's
-- "shadow of the future" (Axelrod 1984, ch. 7).
--
-- Case link (docs/cases.md, case 004): Lenovo's one-year, normally renewed channel
-- agreements vs Dell's order-by-order dealing (L80-102); the chapter's
-- classroom game of two cooperating-and-competing firms (L59-68). The
-- teaching payoffs 2, -1, 3, 0 (L59-68 gives none; docs/cases.md gives them)
-- can be set with --set payoff=teaching.
--
--   rmsim run scenarios/classroom/shadow_of_the_future.lua --out out/shadow
local rm = require "rmsim"

local lengths = { 1, 2, 3, 5, 10, 20, 50, 200 }
local players = { "always_defect", "tit_for_tat", "grudger", "always_cooperate", "random" }

rm.scenario {
  name = "shadow_of_the_future",
  description = "Score per turn of five strategies as relationships get longer",
  periods = #lengths,
  replicates = 5,
  params = {
    payoff = { "standard", doc = "standard (3,0,5,1) or teaching (2,-1,3,0)" },
    noise = { 0, min = 0, max = 0.5, doc = "chance a move is flipped" },
  },
  charts = {
    { title = "Score per turn by match length", x = "turns", y = "score per turn",
      metrics = { "always_defect", "tit_for_tat", "grudger", "always_cooperate", "random" },
      note = "In a one-shot deal always competing scores best; from about ten periods on, "
        .. "the reciprocators (tit for tat, grudger) overtake it: the longer the relationship, "
        .. "the more cooperating pays." },
  },
}

function period(sim, t)
  local payoffs = { standard = { 3, 0, 5, 1 }, teaching = { 2, -1, 3, 0 } }
  local payoff = payoffs[sim.params.payoff]
  assert(payoff, "payoff must be standard or teaching")
  local turns = lengths[t + 1] or error("this scenario has " .. #lengths .. " periods, one per match length")
  local result = rm.game.tournament {
    strategies = players, turns = turns, payoff = payoff, noise = sim.params.noise,
  }
  sim:record("turns", turns)
  for _, r in ipairs(result.ranking) do
    sim:record(r.strategy, r.score)
  end
end

function done(sim)
  local first, last = 0, sim.periods - 1
  sim:result("defector_one_shot", sim:get("always_defect", first))
  sim:result("reciprocator_one_shot", sim:get("tit_for_tat", first))
  sim:result("defector_long", sim:get("always_defect", last))
  sim:result("reciprocator_long", sim:get("tit_for_tat", last))
end
