-- prober: open D, C, C; if the other side cooperated in turns 2 and 3, compete for
-- ever; otherwise play tit for tat.
-- Source: Mathieu & Delahaye's Prober; the Axelrod library (Knight et al. 2016).
return {
  name = "prober",
  description = "Open D, C, C; exploit a side that did not hit back, else tit for tat",
  source = "Mathieu & Delahaye; Knight et al. (2016), the Axelrod library",
  fsm = {
    start = "p1",
    states = {
      p1 = { move = "D", C = "p2", D = "p2" },
      p2 = { move = "C", C = "p3", D = "p3y" },
      p3 = { move = "C", C = "exploit", D = "td" },
      p3y = { move = "C", C = "tc", D = "td" },
      exploit = { move = "D", C = "exploit", D = "exploit" },
      tc = { move = "C", C = "tc", D = "td" },
      td = { move = "D", C = "tc", D = "td" },
    },
  },
}
