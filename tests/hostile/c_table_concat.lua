-- expect: instruction budget exceeded
-- concat over an explicit huge range, every slot answered by a C __index
local t = setmetatable({}, { __index = rawlen })
table.concat(t, "", 1, 1 << 50)
