-- expect: memory cap exceeded
local s = string.rep('x', 1 << 30)
