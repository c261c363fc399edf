-- expect: instruction budget exceeded
-- a plain find over a long string costs a C scan per call
local s = ("x"):rep(1 << 24)
while true do s:find("y", 1, true) end
