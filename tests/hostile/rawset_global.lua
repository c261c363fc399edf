-- expect: assignment to undeclared global 'leak'
function setup(sim) rawset(_G, "leak", 1) end
