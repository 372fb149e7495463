// duckdb_read.mjs — reads the Parquet files written by tests/tools/parquet_gen
// with DuckDB (@duckdb/node-api) and compares what DuckDB sees with
// expected.json: column names and logical types (DESCRIBE), every value
// rendered as text, row-group count, codec, dictionary encoding, and the
// min/max/null_count statistics of a few columns (parquet_metadata).
// Usage: node duckdb_read.mjs DIR   — exits 0 when everything matches.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const exp = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8'));
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();

let failures = 0;
let checks = 0;
function check(ok, msg) {
  checks++;
  if (ok) return;
  failures++;
  if (failures <= 40) console.log(`  mismatch: ${msg}`);
}
const lit = (s) => `'${s.replace(/'/g, "''")}'`;
const ident = (s) => `"${s.replace(/"/g, '""')}"`;
const text = (v) => (v === null || v === undefined ? null : String(v));

for (const file of exp.files) {
  const path = `${dir}/${file.name}`;
  console.log(`duckdb reads ${file.name}`);
  const src = `read_parquet(${lit(path)}, file_row_number = true)`;

  const desc = (await conn.runAndReadAll(
    `DESCRIBE SELECT * EXCLUDE (file_row_number) FROM ${src}`)).getRows();
  check(desc.length === exp.columns.length,
        `${file.name}: ${desc.length} columns, want ${exp.columns.length}`);
  exp.columns.forEach((c, i) => {
    const d = desc[i] || [];
    check(d[0] === c.name, `${file.name}: column ${i} named ${d[0]}, want ${c.name}`);
    check(d[1] === c.type, `${file.name}: column ${c.name} has type ${d[1]}, want ${c.type}`);
  });

  const select = exp.columns.map((c) => c.expr.replaceAll('{c}', ident(c.name))).join(', ');
  const rows = (await conn.runAndReadAll(
    `SELECT ${select} FROM ${src} ORDER BY file_row_number`)).getRows();
  check(rows.length === exp.rows.length,
        `${file.name}: ${rows.length} rows, want ${exp.rows.length}`);
  rows.forEach((row, r) => {
    exp.columns.forEach((c, i) => {
      const got = text(row[i]);
      const want = exp.rows[r][i];
      check(got === want, `${file.name} row ${r} ${c.name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    });
  });

  const meta = (await conn.runAndReadAll(
    `SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count,
            compression, encodings
       FROM parquet_metadata(${lit(path)})`)).getRows();
  const groups = new Set(meta.map((m) => String(m[0])));
  check(groups.size === exp.row_groups, `${file.name}: ${groups.size} row groups, want ${exp.row_groups}`);
  for (const m of meta) {
    check(m[5] === file.compression, `${file.name}: ${m[1]} compression ${m[5]}, want ${file.compression}`);
    if (m[1] === 'c_varchar') {
      const dict = String(m[6]).includes('DICTIONARY');
      const wantDict = file.compression !== 'UNCOMPRESSED';
      check(dict === wantDict, `${file.name}: c_varchar encodings ${m[6]}, dictionary expected: ${wantDict}`);
    }
  }
  for (const s of exp.stats) {
    const m = meta.find((x) => String(x[0]) === String(s.row_group) && x[1] === s.column);
    check(m !== undefined, `${file.name}: no metadata for ${s.column} group ${s.row_group}`);
    if (!m) continue;
    check(text(m[4]) === String(s.nulls), `${file.name}: ${s.column} group ${s.row_group} null_count ${m[4]}, want ${s.nulls}`);
    check(text(m[2]) === (s.min ?? null), `${file.name}: ${s.column} group ${s.row_group} min ${JSON.stringify(text(m[2]))}, want ${JSON.stringify(s.min ?? null)}`);
    check(text(m[3]) === (s.max ?? null), `${file.name}: ${s.column} group ${s.row_group} max ${JSON.stringify(text(m[3]))}, want ${JSON.stringify(s.max ?? null)}`);
  }
}

if (failures) {
  console.log(`FAIL: ${failures} of ${checks} checks differ`);
  process.exit(1);
}
console.log(`PASS: DuckDB read ${exp.files.length} files, ${checks} checks`);
