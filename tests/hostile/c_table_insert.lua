-- expect: instruction budget exceeded
-- table.insert shifts #t - pos slots in C, and __len says 2^60
local t = setmetatable({}, { __len = function() return 1 << 60 end })
table.insert(t, 1, "x")
