import pg from 'pg'

// int8 (bigint ids, counts) as JS numbers: ids stay far below 2^53 and JSON needs numbers.
// Imported by every module that opens a pool (the server's thread and the engine workers).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v))
