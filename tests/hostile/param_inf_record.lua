-- expect: value must be a finite number (got inf)
function period(sim) sim:record('x', 1/0) end
