-- expect: instruction budget exceeded
-- print is capped (1 MiB per script) and charged per byte
local line = ("x"):rep(1 << 16)
while true do print(line) end
