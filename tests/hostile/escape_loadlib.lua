-- expect: 'package' is not available
package.loadlib('libc.so.6', 'system')('touch /tmp/rmsim-hostile-pwned')
