-- expect: instruction budget exceeded
-- string.rep of an empty string 2^62 times loops in C; the answer is ""
local s = string.rep("", 1 << 62)
assert(s == "")
string.rep("", 1 << 62, "")
string.rep("ab", 1 << 21)
while true do string.rep("x", 1 << 20) end
