-- expect: bad argument #3 to 'get' (period 4294967297 outside 0..11)
-- 2^32 + 1 once wrapped to period 1 when narrowed to a C int
local rm = require 'rmsim'
rm.scenario { periods = 12 }
local c
function setup() c = rm.cohort { initial = 100 } end
function period(sim, t) if t == 3 then sim:record('x', c:get('active', nil, 2^32 + 1)) end end
