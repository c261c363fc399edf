-- luacheck configuration for rmsim's Lua: scenarios and strategies are
-- run in rmsim's sandbox (Lua 5.4) and define hook functions as globals.
std = "lua54"
max_line_length = 110
globals = { "setup", "period", "done", "move" }
