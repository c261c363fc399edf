-- expect: ok
-- replaces its own history lists: harmless in a match (the engine keeps
-- its own references), an error in a partnership (see partner_history.lua)
function move(h)
  h.my = "boom"
  return "C"
end
