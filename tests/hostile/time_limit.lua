-- expect: time limit exceeded (--max-seconds
-- comparing two long equal strings is one instruction of C work each:
-- only the wall clock stops this
local a = ("0123456789abcdef"):rep(1 << 20)
local b = a:sub(1, -2) .. "f"
while a == b do end
