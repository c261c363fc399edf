-- expect: ok
-- globals live in a fresh environment per match: memo is 1 in every
-- match (it counted the worker's matches when _G was shared)
local seen = rawget(_G, "memo") or 0
rawset(_G, "memo", seen + 1)
function move(h)
  if memo % 2 == 0 then return "D" end
  return "C"
end
