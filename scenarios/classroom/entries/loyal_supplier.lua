-- loyal_supplier.lua: a sample student entry. Tit for tat that forgives a lone compete.
return {
  name = "loyal_supplier",
  description = "Tit for tat, forgiving a single compete",
  fsm = {
    start = "ok",
    states = {
      ok = { move = "C", C = "ok", D = "forgive" },
      forgive = { move = "C", C = "ok", D = "hit" },
      hit = { move = "D", C = "ok", D = "hit" },
    },
  },
}
