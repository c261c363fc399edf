-- expect: read-only
-- state kept in a library table outlived the match: results depended on
-- which matches a worker thread happened to play
function move(h)
  math.n = (math.n or 0) + 1
  return math.n % 2 == 0 and "D" or "C"
end
