-- expect: memory cap exceeded (--max-memory 64 MiB)
-- court = "all" over 1000 x 1000 firms was quadratic (each pair searched
-- all relationships so far); now linear, and bounded by the memory cap
local rm = require "rmsim"
rm.scenario{ periods = 2 }
function setup()
  rm.partnerships{ smes = { count = 1000 }, large = { count = 1000 }, court = "all" }
end
