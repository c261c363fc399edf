-- expect: instruction budget exceeded
function move(h)
  coroutine.wrap(function()
    local x <close> = setmetatable({}, { __close = function() while true do end end })
    while true do end
  end)()
  return "C"
end
