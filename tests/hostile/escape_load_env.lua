-- expect: 'os' is not available
local f = load('return os')
local x = f()
