-- expect: value must be a finite number (got nan)
function done(sim) sim:result('x', 0/0) end
