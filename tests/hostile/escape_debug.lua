-- expect: 'debug' is not available
debug.getregistry()
