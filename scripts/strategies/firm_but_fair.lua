-- firm_but_fair: like Pavlov, but after being exploited (C vs D) keep competing,
-- and after mutual competing cooperate with chance 2/3.
-- Source: Frean (1994), The prisoner's dilemma without synchrony.
return {
  name = "firm_but_fair",
  description = "Cooperate after CC and DC, compete after CD, cooperate 2/3 after DD",
  source = "Frean (1994), Proc. R. Soc. B 257",
  memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 2 / 3 },
}
