-- expect: field 'nodes' of rm.network must be in [1, 1e+08] (got 1e+12)
local rm = require 'rmsim'
function setup() rm.network { model = 'er', nodes = 1e12 } end
