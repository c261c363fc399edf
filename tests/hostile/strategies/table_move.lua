-- expect: instruction budget exceeded
function move(h)
  table.move({}, 1, 1 << 50, 2)
  return "C"
end
