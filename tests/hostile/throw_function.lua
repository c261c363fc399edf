-- expect: error object is a function value
error(print)
