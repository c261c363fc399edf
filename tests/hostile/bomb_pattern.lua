-- expect: pattern too costly
local s = string.rep('a', 100000)
local x = s:find('.-.-.-b')
