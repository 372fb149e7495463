// duckdb_checkpoint.mjs — reads a checkpoint (DATA/checkpoint) with DuckDB:
// the manifest's files must exist with their sizes and row counts, the row
// id column must be strictly increasing and equal to the row's original
// position (tables filled in key order: row id = id - 1), and aggregates
// must equal the ones the server computed (passed as '|'-separated text).
// Usage: node duckdb_checkpoint.mjs CKPT_DIR ITEMS_AGG TAGS_AGG
import { readFileSync, statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, itemsWant, tagsWant] = process.argv.slice(2);
const lines = readFileSync(`${dir}/MANIFEST`, 'utf8').trim().split('\n');
let failures = 0;
function check(ok, msg) {
  if (!ok) {
    failures++;
    console.log(`  mismatch: ${msg}`);
  }
}
const files = lines.filter((l) => l.startsWith('table ')).map((l) => {
  const [, oid, name, size, , rows] = l.split(' ');
  return { oid, path: `${dir}/${name}`, size: Number(size), rows: Number(rows) };
});
check(files.length === 3, `manifest names ${files.length} table files, want 3`);
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const q = async (sql) => (await conn.runAndReadAll(sql)).getRows();
const text = (v) => (v === null || v === undefined ? '' : String(v));

const byCols = {};
for (const f of files) {
  check(statSync(f.path).size === f.size, `${f.path}: size differs from the manifest`);
  const src = `read_parquet('${f.path}')`;
  const [[n, bad]] = await q(`SELECT count(*), count(*) FILTER (WHERE omendb_row_id <= prev)
      FROM (SELECT omendb_row_id, lag(omendb_row_id, 1, -1) OVER () AS prev FROM ${src})`);
  check(Number(n) === f.rows, `${f.path}: DuckDB reads ${n} rows, the manifest says ${f.rows}`);
  check(Number(bad) === 0, `${f.path}: row ids not strictly increasing`);
  const cols = (await q(`DESCRIBE SELECT * FROM ${src}`)).map((r) => r[0]).join(',');
  byCols[cols] = src;
}
const items = byCols['omendb_row_id,id,qty,price,name,ok,day,ts,score,code'];
const tags = byCols['omendb_row_id,tag,n'];
check(items && tags && byCols['omendb_row_id,x'], `unexpected schemas: ${Object.keys(byCols)}`);
if (items) {
  const [[gaps]] = await q(`SELECT count(*) FILTER (WHERE omendb_row_id <> id - 1) FROM ${items}`);
  check(Number(gaps) === 0, `items: ${gaps} rows not at row id = id - 1`);
  const [row] = await q(`SELECT count(*), sum(id), sum(qty), sum(price), count(name), min(name),
      max(name), sum(CASE WHEN ok THEN 1 ELSE 0 END), min(day), max(ts), sum(length(code))
      FROM ${items}`);
  const got = row.map(text).join('|');
  check(got === itemsWant, `items aggregates: DuckDB ${got}, server ${itemsWant}`);
}
if (tags) {
  const [row] = await q(`SELECT count(*), count(n), sum(n), max(tag) FROM ${tags}`);
  const got = row.map(text).join('|');
  check(got === tagsWant, `tags aggregates: DuckDB ${got}, server ${tagsWant}`);
}
console.log(failures ? `${failures} mismatches` : `duckdb read ${files.length} checkpoint files`);
process.exit(failures ? 1 : 0);
