-- expect: hostile/market_decide_metatable.lua:4: decide of firm 'a': give a plain table (this one has a metatable) (period 0)
local rm = require 'rmsim'
-- one file:line, the decide hook's, not the market's twice
local function decide()
  return setmetatable({}, { __index = function() return 1e300 end })
end
function setup()
  rm.market { customers = 10, firms = { { name = "a", decide = decide } } }
end
