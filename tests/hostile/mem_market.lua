-- expect: memory cap exceeded (--max-memory 64 MiB)
-- a market's customers are C memory (9 bytes each): 10^8 of them under
-- a 64 MiB cap must be refused, not allocated
local rm = require 'rmsim'
function setup() rm.market { customers = 1e8, firms = { { name = "a" }, { name = "b" } } } end
