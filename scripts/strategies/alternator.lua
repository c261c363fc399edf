-- alternator: cooperate, compete, cooperate, compete ... regardless of the other side.
-- Source: the Alternator of the Axelrod Python library (Knight et al. 2016).
return {
  name = "alternator",
  description = "Alternate C, D, C, D, ...",
  source = "Knight et al. (2016), the Axelrod library",
  fsm = {
    start = "c",
    states = {
      c = { move = "C", C = "d", D = "d" },
      d = { move = "D", C = "c", D = "c" },
    },
  },
}
