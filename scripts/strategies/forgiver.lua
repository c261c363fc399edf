-- forgiver: cooperate while the other side has competed in at most 10% of the turns.
-- Source: the Axelrod library's Forgiver (Knight et al. 2016).
return {
  name = "forgiver",
  description = "Cooperate unless the other side competed in more than 10% of turns",
  source = "Knight et al. (2016), the Axelrod library",
  move = function(h)
    local m = h.memory
    m.d = (m.d or 0) + ((h.turn > 1 and h.their[h.turn - 1] == "D") and 1 or 0)
    if h.turn > 1 and m.d / (h.turn - 1) > 0.1 then return "D" end
    return "C"
  end,
}
