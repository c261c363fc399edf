-- expect: a move function changed h.moves.a.x (the history is for reading
local rm = require 'rmsim'
function setup()
  rm.market { customers = 10, arenas = { { name = "x", value = 1 } }, firms = {
    { name = "a", move = function(h) h.moves.a.x = "not a list"; return "C" end }, { name = "b" } } }
end
