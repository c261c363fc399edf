-- expect: field 'price' of decide of firm 'a' must be in [0, 1e+12] (got nan)
local rm = require 'rmsim'
function setup()
  rm.market { customers = 10, firms = { { name = "a", decide = function() return { price = 0 / 0 } end } } }
end
