-- expect: bad argument #3 to 'get' (period 4294967297 outside 0..2)
local rm = require 'rmsim'
rm.scenario { periods = 3 }
local m
function setup() m = rm.market { customers = 10, firms = { { name = "a", share = 0.5 } } } end
function period(_, t) if t == 2 then m:get("a", "customers", 4294967297) end end
