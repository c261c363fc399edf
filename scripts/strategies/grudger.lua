-- grudger: cooperate until the other side competes once, then compete for ever.
-- Source: "Friedman" in Axelrod's first tournament (Axelrod 1980); the grim trigger.
return {
  name = "grudger",
  description = "Cooperate until betrayed once, then compete for ever",
  source = "Friedman (1971); Axelrod (1980)",
  fsm = {
    start = "trusting",
    states = {
      trusting = { move = "C", C = "trusting", D = "grudge" },
      grudge = { move = "D", C = "grudge", D = "grudge" },
    },
  },
}
