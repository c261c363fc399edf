-- expect: rm.market: give a plain table (this one has a metatable)
local rm = require 'rmsim'
-- fields an __index hands over are never seen by the range checks
local hidden = { memory = 1e300, wom = 0 / 0 }
function setup()
  rm.market(setmetatable({ customers = 10, firms = { {} } }, { __index = hidden }))
end
