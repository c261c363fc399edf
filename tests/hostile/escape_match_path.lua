-- expect: strategy '/etc/passwd': not a classic strategy nor a .lua file inside the scenario's folder
-- any file as a strategy: its syntax error used to quote a line of it
local rm = require 'rmsim'
rm.scenario { periods = 1 }
function period() rm.game.match('/etc/passwd', 'tit_for_tat') end
