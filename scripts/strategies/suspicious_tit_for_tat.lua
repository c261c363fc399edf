-- suspicious_tit_for_tat: compete first, then copy the other side's last move.
-- Source: Beaufils, Delahaye & Mathieu (1996), Our meeting with gradual.
return {
  name = "suspicious_tit_for_tat",
  description = "Compete first, then copy the other side's last move",
  source = "Beaufils, Delahaye & Mathieu (1996)",
  fsm = {
    start = "d",
    states = {
      c = { move = "C", C = "c", D = "d" },
      d = { move = "D", C = "c", D = "d" },
    },
  },
}
