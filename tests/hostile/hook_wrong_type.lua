-- expect: 'setup' must be a function
setup = 'not a function'
