-- detective: open C, D, C, C; then always compete if the other side never competed
-- in those four turns, tit for tat otherwise.
-- Source: "Copykitten"'s rival in Nicky Case (2017), The Evolution of Trust.
return {
  name = "detective",
  description = "Open C, D, C, C; exploit a side that never hit back, else tit for tat",
  source = "Case (2017), The Evolution of Trust",
  fsm = {
    start = "o1",
    states = {
      -- opening; the suffix y means the other side has competed already
      o1 = { move = "C", C = "o2", D = "o2y" },
      o2 = { move = "D", C = "o3", D = "o3y" },
      o2y = { move = "D", C = "o3y", D = "o3y" },
      o3 = { move = "C", C = "o4", D = "o4y" },
      o3y = { move = "C", C = "o4y", D = "o4y" },
      o4 = { move = "C", C = "exploit", D = "td" },
      o4y = { move = "C", C = "tc", D = "td" },
      exploit = { move = "D", C = "exploit", D = "exploit" },
      tc = { move = "C", C = "tc", D = "td" },
      td = { move = "D", C = "tc", D = "td" },
    },
  },
}
