-- always_cooperate: cooperate every turn, whatever the other side does.
-- Source: the unconditional cooperator of Axelrod (1984), The Evolution of Cooperation.
return {
  name = "always_cooperate",
  description = "Cooperate every turn",
  source = "Axelrod (1984), The Evolution of Cooperation",
  memory_one = { first = 1, CC = 1, CD = 1, DC = 1, DD = 1 },
}
