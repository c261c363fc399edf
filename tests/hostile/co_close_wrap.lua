-- expect: instruction budget exceeded
-- a budget stop inside a wrapped coroutine must not run its __close
-- handler with the hooks off (it would loop for ever)
coroutine.wrap(function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  while true do end
end)()
