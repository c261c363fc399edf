-- expect: rm.cohort: name 'cohort' is taken by the model made at
local rm = require 'rmsim'
-- two default-named cohorts would write the same columns, the second
-- silently overwriting the first
function setup()
  rm.cohort { initial = 10 }
  rm.cohort { initial = 20 }
end
