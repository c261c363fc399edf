-- expect: bad module name
require '../../../tmp/evil'
