-- expect: instruction budget exceeded
local rm = require "rmsim"
function setup()
  while true do rm.game.match("tit_for_tat", "grudger", { turns = 1e5 }) end
end
