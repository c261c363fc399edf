-- expect: field 'customers' of rm.market must be in [1, 1e+08] (got 1e+12)
local rm = require 'rmsim'
function setup() rm.market { customers = 1e12, firms = { {} } } end
