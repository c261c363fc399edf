-- expect: pattern too costly
-- each ? doubles the backtracking: 2^40 steps in one C call
assert(("x"):rep(1e5):find("[a-z]") == 1)     -- a set is not a repetition
assert(("a-b"):find("a%-b") == 1)
local p = ("a?"):rep(40) .. ("a"):rep(40)
string.find(("a"):rep(40), p)
