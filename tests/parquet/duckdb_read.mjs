// duckdb_read.mjs — reads the Parquet files written by tests/tools/parquet_gen
// with DuckDB (@duckdb/node-api) and compares what DuckDB sees with
// expected.json: column names and logical types (DESCRIBE), every value
// rendered as text, row-group count, codec, dictionary encoding, and the
// min/max/null_count statistics of a few columns (parquet_metadata).
// Then the other direction: DuckDB writes files (three codecs, dictionary and
// plain pages, NULLs, every type we infer) and OmenDB's reader, through
// `parquet_gen --dump`, must return what DuckDB itself reads from them; a
// PARQUET_VERSION V2 file (DELTA encodings) must be refused with 0A000.
// Usage: node duckdb_read.mjs DIR PARQUET_GEN — exits 0 when everything matches.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const gen = process.argv[3];
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

// ---- files written by DuckDB, read by OmenDB ----

const ourType = {
  BOOLEAN: 'boolean', SMALLINT: 'smallint', INTEGER: 'integer', BIGINT: 'bigint',
  FLOAT: 'real', DOUBLE: 'double precision', VARCHAR: 'text', BLOB: 'bytea', DATE: 'date',
  TIME: 'time without time zone', TIMESTAMP: 'timestamp without time zone',
  'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone', UUID: 'uuid',
};
function exprFor(type) {
  if (type === 'FLOAT') return "format('{:.17g}', CAST({c} AS DOUBLE))";
  if (type === 'DOUBLE') return "format('{:.17g}', {c})";
  if (type === 'BLOB') return 'hex({c})';
  if (type === 'DATE') return "CAST({c} - DATE '1970-01-01' AS VARCHAR)";
  if (type === 'TIME') {
    return 'CAST((extract(hour FROM {c}) * 3600 + extract(minute FROM {c}) * 60) * 1000000 + ' +
      'extract(microseconds FROM {c}) AS VARCHAR)';
  }
  if (type.startsWith('TIMESTAMP')) return 'CAST(epoch_us({c}) AS VARCHAR)';
  return 'CAST({c} AS VARCHAR)';
}

await conn.run(`CREATE TABLE f AS SELECT
    CASE WHEN i % 7 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
    CASE WHEN i % 5 = 0 THEN NULL ELSE CAST(i * 37 % 60000 - 30000 AS SMALLINT) END AS s2,
    CAST(i * 7919 - 1000000 AS INTEGER) AS n4,
    CASE WHEN i % 11 = 0 THEN NULL ELSE CAST(i AS BIGINT) * 1000003 - 99999999 END AS n8,
    CAST(i * 0.25 - 100 AS FLOAT) AS f4,
    CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(i AS DOUBLE) / 7 - 1000 END AS f8,
    CAST((i * 12345 - 5000000) / 100 AS DECIMAL(10,2)) AS d10,
    CASE WHEN i % 3 = 1 THEN NULL ELSE CAST(i * 0.37 - 500 AS DECIMAL(5,2)) END AS d5,
    CAST(CAST(i AS HUGEINT) * 1234567891234 - 99999999999 AS DECIMAL(30,5)) AS d30,
    CASE WHEN i % 4 = 0 THEN NULL WHEN i % 9 = 0 THEN '' ELSE repeat('x', i % 30) || i END AS t,
    'k' || (i % 4) AS lowcard,
    CASE WHEN i % 6 = 0 THEN NULL ELSE encode('b' || i) END AS bl,
    DATE '1970-01-01' + CAST(i * 37 % 40000 - 20000 AS INTEGER) AS dt,
    TIME '00:00:00' + to_microseconds(CAST(i AS BIGINT) * 1234567 % 86400000000) AS tm,
    make_timestamp(CAST(i AS BIGINT) * 86400123457 - 50000000000000) AS ts,
    CASE WHEN i % 8 = 0 THEN NULL ELSE to_timestamp(i * 86400.5) END AS tz,
    CAST(md5(CAST(i AS VARCHAR)) AS UUID) AS u
  FROM range(3000) r(i)`);

const foreign = [
  ['duck_zstd.parquet', "COMPRESSION zstd, ROW_GROUP_SIZE 1024"],
  ['duck_snappy.parquet', "COMPRESSION snappy"],
  ['duck_none.parquet', "COMPRESSION uncompressed, ROW_GROUP_SIZE 2048"],
];
for (const [name, opts] of foreign) {
  const path = `${dir}/${name}`;
  console.log(`omendb reads ${name} (written by DuckDB: ${opts})`);
  await conn.run(`COPY f TO ${lit(path)} (FORMAT parquet, ${opts})`);
  let ours;
  try {
    ours = JSON.parse(execFileSync(gen, ['--dump', path], { maxBuffer: 1 << 28 }).toString());
  } catch (e) {
    check(false, `${name}: our reader failed: ${e.stderr ? e.stderr.toString() : e.message}`);
    continue;
  }
  const desc = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${lit(path)})`)).getRows();
  check(ours.columns.length === desc.length, `${name}: ${ours.columns.length} columns, want ${desc.length}`);
  desc.forEach((d, i) => {
    const want = d[1].startsWith('DECIMAL') ? d[1].replace('DECIMAL', 'numeric') : ourType[d[1]];
    const got = ours.columns[i] || {};
    check(got.name === d[0] && got.type === want,
          `${name}: column ${i} is ${got.name} ${got.type}, want ${d[0]} ${want}`);
  });
  const select = desc.map((d) => exprFor(d[1]).replaceAll('{c}', ident(d[0]))).join(', ');
  const rows = (await conn.runAndReadAll(
    `SELECT ${select} FROM read_parquet(${lit(path)}, file_row_number = true) ORDER BY file_row_number`)).getRows();
  check(ours.rows.length === rows.length, `${name}: ${ours.rows.length} rows, want ${rows.length}`);
  rows.forEach((row, r) => {
    row.forEach((v, i) => {
      const got = ours.rows[r] ? ours.rows[r][i] : undefined;
      check(got === text(v), `${name} row ${r} ${desc[i][0]}: ours ${JSON.stringify(got)}, DuckDB ${JSON.stringify(text(v))}`);
    });
  });
}

{
  const path = `${dir}/duck_v2.parquet`;
  console.log('omendb refuses duck_v2.parquet (PARQUET_VERSION V2, DELTA encodings)');
  await conn.run(`COPY (SELECT n8, t FROM f) TO ${lit(path)} (FORMAT parquet, PARQUET_VERSION V2)`);
  const res = spawnSync(gen, ['--dump', path]);
  const err = res.stderr.toString();
  check(res.status === 3 && err.startsWith('0A000'),
        `duck_v2.parquet: want a 0A000 error, got exit ${res.status}: ${err.trim()}`);
}

if (failures) {
  console.log(`FAIL: ${failures} of ${checks} checks differ`);
  process.exit(1);
}
console.log(`PASS: DuckDB read ${exp.files.length} files, ${checks} checks`);
