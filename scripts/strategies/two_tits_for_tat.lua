-- two_tits_for_tat: compete if the other side competed in either of the last two turns.
-- Source: Axelrod (1984), The Evolution of Cooperation.
return {
  name = "two_tits_for_tat",
  description = "Compete if the other side competed in either of the last two turns",
  source = "Axelrod (1984), The Evolution of Cooperation",
  fsm = {
    start = "calm",
    states = {
      calm = { move = "C", C = "calm", D = "hit1" },
      hit1 = { move = "D", C = "hit2", D = "hit1" },
      hit2 = { move = "D", C = "calm", D = "hit1" },
    },
  },
}
