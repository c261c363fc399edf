-- expect: assignment to undeclared global 'n'
function move(h)
  rawset(_G, "n", 1)
  return "C"
end
