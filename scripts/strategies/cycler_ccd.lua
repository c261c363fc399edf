-- cycler_ccd: repeat C, C, D regardless of the other side.
-- Source: the Axelrod library's Cycler CCD (Knight et al. 2016).
return {
  name = "cycler_ccd",
  description = "Repeat C, C, D",
  source = "Knight et al. (2016), the Axelrod library",
  fsm = {
    start = "a",
    states = {
      a = { move = "C", C = "b", D = "b" },
      b = { move = "C", C = "c", D = "c" },
      c = { move = "D", C = "a", D = "a" },
    },
  },
}
