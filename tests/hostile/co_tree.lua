-- expect: instruction budget exceeded
-- a tree of short coroutines: each one's hook count started afresh, so
-- none was ever charged (2e9 instructions under a budget of 1000)
local function spin()
  for _ = 1, 900 do end
end
local function tree(d)
  if d == 0 then return spin() end
  for _ = 1, 4 do coroutine.wrap(function() spin(); tree(d - 1) end)() end
end
tree(30)
