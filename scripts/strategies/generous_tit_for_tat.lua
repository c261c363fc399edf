-- generous_tit_for_tat: tit for tat, but forgive a compete with chance
-- min(1 - (T-R)/(R-S), (R-P)/(T-P)) = 1/3 for the payoffs 3, 0, 5, 1.
-- Source: Nowak & Sigmund (1992), Tit for tat in heterogeneous populations.
return {
  name = "generous_tit_for_tat",
  description = "Tit for tat that forgives a compete one time in three",
  source = "Nowak & Sigmund (1992), Nature 355",
  memory_one = { first = 1, CC = 1, CD = 1 / 3, DC = 1, DD = 1 / 3 },
}
