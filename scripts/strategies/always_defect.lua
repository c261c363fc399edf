-- always_defect: compete every turn, whatever the other side does.
-- Source: the unconditional defector of Axelrod (1984), The Evolution of Cooperation.
return {
  name = "always_defect",
  description = "Compete every turn",
  source = "Axelrod (1984), The Evolution of Cooperation",
  memory_one = { first = 0, CC = 0, CD = 0, DC = 0, DD = 0 },
}
