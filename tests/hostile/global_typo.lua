-- expect: assignment to undeclared global 'churn_rat'
function period() churn_rat = 0.1 end
