-- expect: firm 1 of rm.market: the name 'none' means no supplier
local rm = require 'rmsim'
-- m:flow("none", ...) and won_from_none mean no supplier: a firm of that
-- name could never be asked for
function setup() rm.market { customers = 10, firms = { { name = "none" }, { name = "b" } } } end
