-- expect: h.my was replaced by a string
-- a shared strategy sandbox wrote the next move into whatever h.my was:
-- a string made lua_rawseti corrupt the heap (signal 11)
local rm = require "rmsim"
rm.scenario{ periods = 4 }
function setup()
  rm.partnerships{ smes = { count = 3, strategy = "strategies/history_replaced.lua" },
                   large = { count = 1 } }
end
