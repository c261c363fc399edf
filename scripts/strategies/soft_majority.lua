-- soft_majority: cooperate while the other side has cooperated at least as often as it competed.
-- Source: Axelrod (1984); Beaufils, Delahaye & Mathieu (1996).
return {
  name = "soft_majority",
  description = "Cooperate while the other side's cooperates are at least its competes",
  source = "Axelrod (1984); Beaufils et al. (1996)",
  move = function(h)
    local m, t = h.memory, h.turn
    if t == 1 then
      m.c, m.d = 0, 0
      return "C"
    end
    if h.their[t - 1] == "C" then m.c = m.c + 1 else m.d = m.d + 1 end
    return m.c >= m.d and "C" or "D"
  end,
}
