-- partners.lua: a whole run of partnerships at scale (issue 20's "beyond
-- the model" check): 200 SMEs courting 50 large firms, all pairs, with
-- declared strategies of the game, 120 periods.
local rm = require "rmsim"

rm.scenario {
  name = "bench_partners",
  periods = 120,
  replicates = 1,
  params = {
    smes = { 200, min = 1 },
    large = { 50, min = 1 },
  },
}

function setup(sim)
  rm.partnerships {
    name = "ties",
    smes = { count = sim.params.smes, strategy = "tit_for_tat", relationships = 5 },
    large = { count = sim.params.large, strategy = "generous_tit_for_tat" },
  }
end
