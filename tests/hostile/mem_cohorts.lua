-- expect: memory cap exceeded (--max-memory 64 MiB)
-- cohorts are C memory: 50 of 10^6 customers took 687 MB under a 16 MiB cap
local rm = require "rmsim"
rm.scenario{ periods = 2 }
function setup()
  for i = 1, 50 do rm.cohort{ name = "c" .. i, initial = 1e6 } end
end
