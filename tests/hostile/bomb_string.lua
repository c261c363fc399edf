-- expect: memory cap exceeded
local s = 'x'
while true do s = s .. s end
