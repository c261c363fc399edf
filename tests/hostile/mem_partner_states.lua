-- expect: --max-memory 64 MiB
-- strategy Lua states of partnerships had their own fixed 64 MiB cap and
-- the error named it; they now share the replicate's cap and budget
local rm = require "rmsim"
rm.scenario{ periods = 3 }
function setup()
  rm.partnerships{ smes = { count = 60, strategy = "strategies/memory_hog.lua" },
                   large = { count = 60, strategy = "strategies/memory_hog.lua" } }
end
