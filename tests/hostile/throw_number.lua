-- expect: hostile/throw_number.lua:1: 42
error(42)
