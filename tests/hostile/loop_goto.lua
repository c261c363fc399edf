-- expect: instruction budget exceeded
::top:: goto top
