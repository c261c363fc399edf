-- expect: memory cap exceeded
-- filling h.my with keys made the engine's own write of the history
-- allocate outside any protected call: the process panicked
function move(h)
  local my = h.my
  for i = 1, 30000 do my["k" .. h.turn .. "_" .. i] = true end
  return "C"
end
