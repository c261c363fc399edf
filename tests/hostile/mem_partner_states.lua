-- expect: --max-memory 64 MiB
-- two strategy Lua states per relationship, each had its own 64 MiB
-- cap: they now share the replicate's
local rm = require "rmsim"
rm.scenario{ periods = 2 }
function setup()
  rm.partnerships{ smes = { count = 60, strategy = "gradual" },
                   large = { count = 60, strategy = "gradual" } }
end
