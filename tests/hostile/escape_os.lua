-- expect: 'os' is not available in the rmsim sandbox
os.execute('touch /tmp/rmsim-hostile-pwned')
