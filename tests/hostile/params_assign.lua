-- expect: read-only
local rm = require "rmsim"
rm.scenario{ params = { x = 1 } }
function setup(sim) sim.params.x = 99 end
