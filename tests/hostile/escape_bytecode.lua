-- expect: precompiled Lua bytecode is not accepted
local f, e = load(string.dump(function() end))
assert(f, e)
