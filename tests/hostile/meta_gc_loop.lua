-- expect: __gc metamethods are not available in the rmsim sandbox
setmetatable({}, { __gc = function() while true do end end })
