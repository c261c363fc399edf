-- hard_majority: compete while the other side has competed at least as often as it cooperated.
-- Source: Axelrod (1984); Beaufils, Delahaye & Mathieu (1996).
return {
  name = "hard_majority",
  description = "Compete while the other side's competes are at least its cooperates",
  source = "Axelrod (1984); Beaufils et al. (1996)",
  move = function(h)
    local m = h.memory
    m.c, m.d = m.c or 0, m.d or 0
    if h.turn > 1 then
      if h.their[h.turn - 1] == "C" then m.c = m.c + 1 else m.d = m.d + 1 end
    end
    return m.d >= m.c and "D" or "C"
  end,
}
