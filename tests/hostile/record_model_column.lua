-- expect: 'c' is the model made at
-- sim:record wrote into a model's own column, and the model then
-- silently overwrote it (or the script forged the model's figures)
local rm = require "rmsim"
rm.scenario{ periods = 3 }
function setup() rm.cohort{ name = "c", initial = 10 } end
function period(sim) sim:record("c.active", 1e9) end
