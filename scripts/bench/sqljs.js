// sql.js runs the same SQL as the engine's rebuild step (scripts/bench):
// node sqljs.js <input.json>, where input.json is
//   {"module": ".../sql.js", "schema": [...], "seed": "...", "rebuild": [...], "rebuildDown": [...],
//    "insertSelect": [...], "rows": [10000, ...], "reps": 5, "onceAbove": 100000}
// It prints one JSON line per figure: {"name": "rebuild/10000/sqljs", "ms": [...]}.
'use strict';

const fs = require('fs');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function time(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

require(input.module)().then((SQL) => {
  const version = new SQL.Database().exec('SELECT sqlite_version()')[0].values[0][0];
  console.log(JSON.stringify({ name: 'sqljs/version', note: version }));
  for (const n of input.rows) {
    const reps = n > input.onceAbove ? 1 : input.reps;
    const db = new SQL.Database();
    for (const s of input.schema) db.run(s);
    db.run(input.seed, { $rows: n });
    const rebuild = [];
    const raw = [];
    // Interleaved as enginebench does: copy, then the upgrade's statements
    // (timed), then the downgrade's (not timed) so that the next upgrade
    // starts from the same table.
    for (let i = 0; i < reps; i++) {
      raw.push(time(() => { for (const s of input.insertSelect) db.run(s); }));
      db.run('DROP TABLE "raw_copy"');
      rebuild.push(time(() => { for (const s of input.rebuild) db.run(s); }));
      for (const s of input.rebuildDown) db.run(s);
    }
    db.close();
    console.log(JSON.stringify({ name: `rebuild/${n}/sqljs`, ms: rebuild }));
    console.log(JSON.stringify({ name: `rebuild/${n}/sqljs-insert-select`, ms: raw }));
  }
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
