-- expect: rm.market: 32 firms would record 514 metrics a period (at most 512 in a run)
local rm = require 'rmsim'
-- the documented most firms: refused when made, not in the middle of period 0
local firms = {}
for i = 1, 32 do firms[i] = { name = "f" .. i } end
function setup() rm.market { customers = 100, firms = firms } end
