-- expect: instruction budget exceeded
local function tree(d)
  for _ = 1, 500 do end
  if d == 0 then return end
  for _ = 1, 4 do coroutine.wrap(function() tree(d - 1) end)() end
end
function move(h)
  tree(20)
  return "C"
end
