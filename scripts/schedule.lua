-- schedule.lua: run policy changes and shocks at given periods.
--
--   local schedule = require "schedule"
--   local plan = schedule.new {
--     [12] = function(sim) market:set { hazard_factor = 0.8 } end,
--     [24] = function(sim) market:set { price_factor = 1.1 } end,
--   }
--   function period(sim, t) plan(sim, t) end
local schedule = {}

function schedule.new(events)
  assert(type(events) == "table", "schedule.new: need a table { [period] = function }")
  for t, f in pairs(events) do
    assert(math.type(t) == "integer" and t >= 0, "schedule.new: periods must be integers >= 0")
    assert(type(f) == "function", "schedule.new: event at period " .. t .. " must be a function")
  end
  return function(sim, t)
    local f = events[t]
    if f then f(sim, t) end
  end
end

return schedule
