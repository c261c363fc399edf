-- expect: instruction budget exceeded
-- pairs sorts all keys on every call: charged per key
local t = {}
for i = 1, 1e5 do t[i] = i end
while true do for _ in pairs(t) do break end end
