-- expect: memory cap exceeded
-- a megabyte per move, kept: in a partnership, per relationship
function move(h)
  h.memory[#h.memory + 1] = ("0123456789abcdef"):rep(1 << 16) .. h.turn
  return "C"
end
