-- expect: memory cap exceeded (--max-memory 64 MiB)
-- networks reached 4 GB
local rm = require "rmsim"
rm.scenario{ periods = 2 }
function setup() rm.network{ model = "er", nodes = 1e7, mean_degree = 40 } end
