-- bass.lua: make bench's word-of-mouth job (issue 20): Bass diffusion
-- (p = 0.01, q = 0.3) on a 1M-node, 5M-link Barabasi-Albert network for
-- 60 periods, the whole run timed (graph, diffusion, metrics, output).
local rm = require "rmsim"

rm.scenario {
  name = "bench_bass",
  periods = 60,
  replicates = 1,
  params = {
    nodes = { 1000000, min = 10 },
    m = { 5, min = 1 },
  },
}

function setup(sim)
  local net = rm.network { model = "ba", nodes = sim.params.nodes, m = sim.params.m }
  rm.wom { name = "bass", network = net, p = 0.01, q = 0.3 }
end

function done(sim)
  sim:result("ever", sim:get("bass.ever", sim.periods - 1))
end
