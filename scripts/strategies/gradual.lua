-- gradual: cooperate; after the other side's n-th compete, compete n times, then
-- cooperate twice to calm things down.
-- Source: Beaufils, Delahaye & Mathieu (1996), Our meeting with gradual.
return {
  name = "gradual",
  description = "Answer the n-th compete with n competes, then two cooperates",
  source = "Beaufils, Delahaye & Mathieu (1996)",
  move = function(h)
    local m, t = h.memory, h.turn
    if t == 1 then
      m.seen, m.punish, m.calm = 0, 0, 0
      return "C"
    end
    local last = h.their[t - 1]
    if last == "D" then m.seen = m.seen + 1 end
    if m.punish > 0 then
      m.punish = m.punish - 1
      if m.punish == 0 then m.calm = 2 end
      return "D"
    end
    if m.calm > 0 then
      m.calm = m.calm - 1
      return "C"
    end
    if last == "D" then
      m.punish = m.seen - 1
      if m.punish == 0 then m.calm = 2 end
      return "D"
    end
    return "C"
  end,
}
