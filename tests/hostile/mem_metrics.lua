-- expect: memory cap exceeded (--max-memory 64 MiB)
-- 16 segments over 10^6 periods: 4 GB of metrics, 3 GB of output
local rm = require "rmsim"
rm.scenario{ periods = 1000000 }
function setup()
  local segs = {}
  for i = 1, 16 do segs[i] = { name = "s" .. i } end
  rm.cohort{ initial = 10, segments = segs }
end
