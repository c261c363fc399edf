-- expect: instruction budget exceeded
local mt = { __index = function(t, k) while true do end end }
local x = setmetatable({}, mt).anything
