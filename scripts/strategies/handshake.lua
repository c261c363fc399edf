-- handshake: open C, D; if the other side opened the same way, cooperate for ever,
-- otherwise compete for ever.
-- Source: Robson (1990); the Axelrod library's Handshake (Knight et al. 2016).
return {
  name = "handshake",
  description = "Open C, D; cooperate for ever with a side that answers the same, else compete",
  source = "Robson (1990), Efficiency in evolutionary games",
  fsm = {
    start = "h1",
    states = {
      h1 = { move = "C", C = "h2", D = "h2x" },
      h2 = { move = "D", C = "enemy", D = "friend" },
      h2x = { move = "D", C = "enemy", D = "enemy" },
      friend = { move = "C", C = "friend", D = "friend" },
      enemy = { move = "D", C = "enemy", D = "enemy" },
    },
  },
}
