-- expect: instruction budget exceeded
-- a few instructions asked for 10^5 turns x 10^6 repetitions of C work
local rm = require "rmsim"
function setup()
  rm.game.tournament{ strategies = { "tit_for_tat", "grudger" }, turns = 1e5, repetitions = 1e6 }
end
