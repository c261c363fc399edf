-- expect: cannot change a protected metatable
setmetatable(_G, {})
