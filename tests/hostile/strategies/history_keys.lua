-- expect: memory cap exceeded
-- filling h.my with keys made the engine's own write of the history
-- allocate outside any protected call: the process panicked
function move(h)
  local my, base = h.my, h.turn * 1e5
  for i = 1, 40000 do my[base + i + 0.5] = true end
  return "C"
end
