-- expect: instruction budget exceeded
-- table.move over 2^50 slots is one C loop
table.move({}, 1, 1 << 50, 2)
