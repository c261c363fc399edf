-- short_termist.lua: a sample student entry. Cooperate, but grab the last period
-- when the length is known (the end-game problem of finite relationships).
function move(h)
  if h.length and h.turn >= h.length - 1 then return "D" end
  if h.turn == 1 then return "C" end
  return h.their[h.turn - 1]
end
