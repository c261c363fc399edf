-- careful_buyer.lua: a sample student entry. Start wary, reward two cooperative
-- periods in a row, and never forgive being exploited three times.
function move(h)
  local t, m = h.turn, h.memory
  if t == 1 then
    m.hurt = 0
    return "D"
  end
  if h.their[t - 1] == "D" and h.my[t - 1] == "C" then m.hurt = m.hurt + 1 end
  if m.hurt >= 3 then return "D" end
  if t > 2 and h.their[t - 1] == "C" and h.their[t - 2] == "C" then return "C" end
  return h.their[t - 1]
end
