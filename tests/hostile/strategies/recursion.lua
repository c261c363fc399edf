-- expect: the rmsim module is not available inside a strategy
-- each match inside a move opened a new Lua state: unbounded recursion
function move(h)
  local rm = require "rmsim"
  rm.game.match("tests/hostile/strategies/recursion.lua", "tit_for_tat")
  return "C"
end
