-- expect: a table with __len is not accepted
local t = setmetatable({}, { __len = function() return (1 << 31) - 2 end, __index = rawlen })
table.sort(t)
