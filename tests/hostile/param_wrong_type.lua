-- expect: must be a number (got string)
local rm = require 'rmsim'
function setup() rm.wom { people = 10, p = 'high' } end
