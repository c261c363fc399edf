-- expect: instruction budget exceeded
local line = ("x"):rep(1 << 12)
function move(h)
  while true do print(line) end
end
