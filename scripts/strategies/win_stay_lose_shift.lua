-- win_stay_lose_shift (Pavlov): repeat after R or T, switch after S or P.
-- Source: Nowak & Sigmund (1993), A strategy of win-stay, lose-shift that outperforms tit-for-tat.
return {
  name = "win_stay_lose_shift",
  description = "Pavlov: repeat the last move after R or T, switch after S or P",
  source = "Nowak & Sigmund (1993), Nature 364",
  memory_one = { first = 1, CC = 1, CD = 0, DC = 0, DD = 1 },
}
