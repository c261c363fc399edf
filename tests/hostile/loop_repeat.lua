-- expect: instruction budget exceeded
function period() repeat until false end
