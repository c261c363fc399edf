-- expect: must be in [0, 1] (got nan)
local rm = require 'rmsim'
function setup() rm.cohort { segments = { { rate = 0/0 } } } end
