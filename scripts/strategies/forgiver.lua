-- forgiver: cooperate while the other side has competed in at most 10% of the turns.
-- Source: the Axelrod library's Forgiver (Knight et al. 2016).
return {
  name = "forgiver",
  description = "Cooperate unless the other side competed in more than 10% of turns",
  source = "Knight et al. (2016), the Axelrod library",
  move = function(h)
    local m, t = h.memory, h.turn
    if t == 1 then
      m.d = 0
      return "C"
    end
    if h.their[t - 1] == "D" then m.d = m.d + 1 end
    return m.d > 0.1 * (t - 1) and "D" or "C"
  end,
}
