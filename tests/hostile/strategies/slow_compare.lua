-- expect: time limit exceeded
local a = ("0123456789abcdef"):rep(1 << 18)
local b = a:sub(1, -2) .. "f"
function move(h)
  while a == b do end
  return "C"
end
