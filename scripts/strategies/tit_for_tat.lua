-- tit_for_tat: cooperate first, then copy the other side's last move.
-- Source: Anatol Rapoport's entry, winner of both of Axelrod's tournaments (Axelrod 1980, 1984).
return {
  name = "tit_for_tat",
  description = "Cooperate first, then copy the other side's last move",
  source = "Rapoport; Axelrod (1980), Effective choice in the prisoner's dilemma",
  fsm = {
    start = "c",
    states = {
      c = { move = "C", C = "c", D = "d" },
      d = { move = "D", C = "c", D = "d" },
    },
  },
}
