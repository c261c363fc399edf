-- template.lua: copy me, rename me (your_name.lua), and change move.
--
-- Each period you and the other firm choose "C" (cooperate: share, keep
-- promises) or "D" (compete: cut corners, squeeze). h tells you the game
-- so far; see docs/strategies.md for everything it holds.
--
--   rmsim match your_name.lua tit_for_tat --turns 20
--   rmsim tournament your_name.lua --all
return {
  name = "template",
  description = "Cooperate, but answer two competes in a row with one compete",
  move = function(h)
    local t = h.turn
    if t <= 2 then return "C" end
    if h.their[t - 1] == "D" and h.their[t - 2] == "D" then return "D" end
    return "C"
  end,
}
