-- tit_for_two_tats: compete only after the other side competed twice in a row.
-- Source: the sample program of Axelrod's first tournament (Axelrod 1980), which would have won it.
return {
  name = "tit_for_two_tats",
  description = "Compete only after two consecutive competes",
  source = "Axelrod (1980), Effective choice in the prisoner's dilemma",
  fsm = {
    start = "calm",
    states = {
      calm = { move = "C", C = "calm", D = "wary" },
      wary = { move = "C", C = "calm", D = "hit" },
      hit = { move = "D", C = "calm", D = "hit" },
    },
  },
}
