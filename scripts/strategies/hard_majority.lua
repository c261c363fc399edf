-- hard_majority: compete while the other side has competed at least as often as it cooperated.
-- Source: Axelrod (1984); Beaufils, Delahaye & Mathieu (1996).
return {
  name = "hard_majority",
  description = "Compete while the other side's competes are at least its cooperates",
  source = "Axelrod (1984); Beaufils et al. (1996)",
  move = function(h)
    local m, t = h.memory, h.turn
    if t == 1 then
      m.c, m.d = 0, 0
      return "D"
    end
    if h.their[t - 1] == "C" then m.c = m.c + 1 else m.d = m.d + 1 end
    return m.d >= m.c and "D" or "C"
  end,
}
