-- hard_tit_for_tat: compete if the other side competed in any of the last three turns.
-- Source: the Axelrod library's Hard Tit For Tat (Knight et al. 2016).
return {
  name = "hard_tit_for_tat",
  description = "Compete if the other side competed in any of the last three turns",
  source = "Knight et al. (2016), the Axelrod library",
  fsm = {
    start = "calm",
    states = {
      calm = { move = "C", C = "calm", D = "d1" },
      d1 = { move = "D", C = "d2", D = "d1" },
      d2 = { move = "D", C = "d3", D = "d1" },
      d3 = { move = "D", C = "calm", D = "d1" },
    },
  },
}
