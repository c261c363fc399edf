-- expect: bad argument #2 to 'normal' (must be finite)
local rm = require 'rmsim'
local x = rm.rng.normal(0, 1/0)
