-- expect: read-only
-- rawset must not get past the read-only sim.params
local rm = require "rmsim"
rm.scenario{ params = { x = 1 } }
function setup(sim) rawset(sim.params, "x", 99) end
