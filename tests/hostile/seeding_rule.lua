-- expect: seeded in time
-- seeding by a rule chose the best k by selection sort: 10^5 seeds among
-- 2 x 10^5 people took 2 x 10^10 steps for a few instructions
local rm = require "rmsim"
rm.scenario{ periods = 1 }
function setup()
  local net = rm.network{ model = "ws", nodes = 2e5, k = 2 }
  rm.wom{ network = net, seeds = 1e5, seeding = function(node) return node % 7 end }
  error("seeded in time")
end
