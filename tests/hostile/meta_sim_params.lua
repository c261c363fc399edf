-- expect: unknown parameter 'evil'
function setup(sim) sim.params.evil = true end
