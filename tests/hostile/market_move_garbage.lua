-- expect: move of firm 'b' must give "C" or "D" for arena 'x' (got nil)
local rm = require 'rmsim'
function setup()
  rm.market { customers = 10, arenas = { { name = "x", value = 1 } },
              firms = { { name = "a" }, { name = "b", move = function() return {} end } } }
end
