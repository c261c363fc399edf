-- expect: math.randomseed is not available
math.randomseed(1)
