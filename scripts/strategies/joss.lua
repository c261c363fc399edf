-- joss: tit for tat that sneaks in a compete 10% of the times it would cooperate.
-- Source: Johann Joss's entry in Axelrod's first tournament (Axelrod 1980).
return {
  name = "joss",
  description = "Tit for tat, but compete 10% of the times it would cooperate",
  source = "Joss; Axelrod (1980)",
  memory_one = { first = 0.9, CC = 0.9, CD = 0, DC = 0.9, DD = 0 },
}
