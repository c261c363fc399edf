-- market.lua: make bench's market job as a whole run (issue 20's "beyond
-- the model" check): the bench's core market (1M customers, 4 firms, 2
-- segments, word of mouth and warnings, a subsidy and a loyalty
-- programme, 120 periods) through `rmsim run`.
local rm = require "rmsim"

rm.scenario {
  name = "bench_market",
  periods = 120,
  replicates = 1,
  params = {
    customers = { 1000000, min = 1 },
  },
}

function setup(sim)
  local firms = {}
  for j, name in ipairs { "a", "b", "c", "d" } do
    firms[j] = { name = name, share = 0.2, price = 1 + 0.1 * (j - 1), quality = 0.5 + 0.05 * (j - 1) }
  end
  firms[1].subsidy = 0.3
  firms[2].programme = 0.5
  rm.market {
    name = "m",
    customers = sim.params.customers,
    wom = 1, warn = 2,
    firms = firms,
    segments = {
      { name = "key", switching_cost = 1, inertia = 1.5 },
      { name = "small", size = 3, price_sensitivity = 2 },
    },
  }
end

function done(sim)
  sim:result("share_a", sim:get("m.a.share", sim.periods - 1))
end
