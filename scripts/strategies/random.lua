-- random: cooperate or compete with equal chance, from the match's random stream.
-- Source: RANDOM, the baseline entry of Axelrod's first tournament (Axelrod 1980).
return {
  name = "random",
  description = "Cooperate or compete with equal chance",
  source = "Axelrod (1980)",
  memory_one = { first = 0.5, CC = 0.5, CD = 0.5, DC = 0.5, DD = 0.5 },
}
