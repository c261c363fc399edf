-- expect: 'io' is not available
io.open('/tmp/rmsim-hostile-pwned', 'w')
