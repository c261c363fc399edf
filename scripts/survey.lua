-- survey.lua: turn a survey's answer counts into model inputs.
--
-- Case studies report distributions ("2 very satisfied, 5 satisfied, 1
-- okay, 2 dissatisfied"); models want a mean and a spread on [0, 1].
--
--   local survey = require "survey"
--   local s = survey.scale { {1.0, 2}, {0.75, 5}, {0.5, 1}, {0.0, 2} }
--   -- s.mean = 0.625, s.sd = 0.34, s.n = 10, s.shares = {0.2, 0.5, 0.1, 0.2}
local survey = {}

-- answers: list of { value, count }; returns mean, sd (population), n, shares
function survey.scale(answers)
  assert(type(answers) == "table" and #answers > 0, "survey.scale: need a list of {value, count}")
  local n, sum = 0, 0
  for i, a in ipairs(answers) do
    assert(type(a[1]) == "number" and type(a[2]) == "number" and a[2] >= 0,
           "survey.scale: answer " .. i .. " must be {value, count >= 0}")
    n = n + a[2]
    sum = sum + a[1] * a[2]
  end
  assert(n > 0, "survey.scale: no answers")
  local mean, ss, shares = sum / n, 0, {}
  for i, a in ipairs(answers) do
    ss = ss + a[2] * (a[1] - mean) ^ 2
    shares[i] = a[2] / n
  end
  return { mean = mean, sd = math.sqrt(ss / n), n = n, shares = shares }
end

-- The share answering yes, with a 95% Wilson interval (small samples).
function survey.share(yes, n)
  assert(n > 0 and yes >= 0 and yes <= n, "survey.share: need 0 <= yes <= n, n > 0")
  local z, p = 1.96, yes / n
  local centre = (p + z * z / (2 * n)) / (1 + z * z / n)
  local half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
  return p, centre - half, centre + half
end

return survey
