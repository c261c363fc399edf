-- expect: pattern too costly
function move(h)
  string.find(("a"):rep(40), ("a?"):rep(40) .. ("a"):rep(40))
  return "C"
end
