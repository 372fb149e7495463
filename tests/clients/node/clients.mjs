// clients.mjs — node-postgres (pg, pg-cursor, pg-query-stream, pg-copy-streams), postgres.js and
// knex against a running OmenDB.
//
//   node clients.mjs HOST PORT     (tests/clients/run_node.sh starts the server)
//
// Each check prints "ok   NAME" or "FAIL NAME: why"; the last line is
// "node clients: N passed, N failed"; the exit status is 1 if anything failed.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import pg from 'pg';
import Cursor from 'pg-cursor';
import QueryStream from 'pg-query-stream';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import postgres from 'postgres';
import knexFactory from 'knex';

const version = (name) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version;
const [host, port] = [process.argv[2], Number(process.argv[3])];
const conn = { host, port, user: 'omendb', database: 'omendb' };
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${(e && (e.stack || e.message)) || e}`);
  }
}

console.log(`node ${process.version}; pg ${version('pg')}, pg-cursor ${version('pg-cursor')}, ` +
  `pg-query-stream ${version('pg-query-stream')}, pg-copy-streams ${version('pg-copy-streams')}, postgres ${version('postgres')}, knex ${version('knex')}`);

// ---- node-postgres ----
const client = new pg.Client(conn);
await client.connect();

await check('pg: DDL and parameterised queries of many types', async () => {
  await client.query(`CREATE TABLE items (id integer PRIMARY KEY, qty bigint, price float8,
    amount numeric(12,3), name text, data bytea, d date, ts timestamp, tstz timestamptz,
    span interval, u uuid, flag boolean)`);
  const tstz = new Date('2024-01-02T03:04:05.123Z');
  const r = await client.query(
    'INSERT INTO items VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id',
    [1, '1000000000000', 2.5, '1234.567', "héllo 'q'", Buffer.from([0, 1, 255]), '2024-02-29',
      '2024-01-02 03:04:05.5', tstz, '3 days 04:05:06', '12345678-1234-5678-1234-567812345678', true]);
  assert.equal(r.rowCount, 1);
  assert.deepEqual(r.rows, [{ id: 1 }]);
  const s = await client.query({ text: 'SELECT * FROM items WHERE id = $1', values: [1] });
  const row = s.rows[0];
  assert.equal(row.qty, '1000000000000');  // int8 arrives as a string in pg
  assert.equal(row.price, 2.5);
  assert.equal(row.amount, '1234.567');
  assert.equal(row.name, "héllo 'q'");
  assert.deepEqual(row.data, Buffer.from([0, 1, 255]));
  assert.equal(row.tstz.getTime(), tstz.getTime());
  assert.deepEqual({ ...row.span }, { days: 3, hours: 4, minutes: 5, seconds: 6 });
  assert.equal(row.u, '12345678-1234-5678-1234-567812345678');
  assert.equal(row.flag, true);
  assert.deepEqual(s.fields.map((f) => f.dataTypeID), [23, 20, 701, 1700, 25, 17, 1082, 1114, 1184, 1186, 2950, 16]);
  const n = await client.query('SELECT $1::int + 1 AS x, $2::text IS NULL AS isnull', [41, null]);
  assert.deepEqual(n.rows, [{ x: 42, isnull: true }]);
});

await check('pg: named prepared statement and rowMode array', async () => {
  for (let i = 10; i < 60; i++)
    await client.query({ name: 'ins', text: 'INSERT INTO items (id, qty, name) VALUES ($1, $2, $3)', values: [i, i * 10, `n${i}`] });
  const r = await client.query({ text: 'SELECT count(*), sum(qty) FROM items WHERE id >= $1', values: [10], rowMode: 'array' });
  assert.deepEqual(r.rows, [['50', String([...Array(50).keys()].reduce((a, k) => a + (k + 10) * 10, 0))]]);
});

await check('pg: transactions', async () => {
  await client.query('BEGIN');
  await client.query('INSERT INTO items (id, name) VALUES (500, $1)', ['undone']);
  await client.query('ROLLBACK');
  await client.query('BEGIN');
  await client.query('INSERT INTO items (id, name) VALUES (501, $1)', ['kept']);
  await client.query('SAVEPOINT a');
  await client.query('INSERT INTO items (id, name) VALUES (502, $1)', ['undone']);
  await client.query('ROLLBACK TO SAVEPOINT a');
  await client.query('COMMIT');
  const r = await client.query('SELECT id FROM items WHERE id >= 500 ORDER BY id');
  assert.deepEqual(r.rows, [{ id: 501 }]);
});

await check('pg: error codes', async () => {
  const cases = [
    ['INSERT INTO items (id) VALUES (1)', '23505'],
    ['SELECT * FROM nosuch', '42P01'],
    ['SELECT 1/0', '22012'],
    ['SELECT $1::int', '22P02', ['x']],
    ['SELEC 1', '42601'],
  ];
  for (const [sql, code, values] of cases) {
    await assert.rejects(client.query(sql, values), (e) => e.code === code || assert.fail(`${sql}: ${e.code} ${e.message}`));
  }
  const r = await client.query('SELECT 1 AS ok');
  assert.equal(r.rows[0].ok, 1);
});

await check('pg: integrity errors name their constraint; CALL with parameters', async () => {
  await assert.rejects(client.query('INSERT INTO items (id) VALUES ($1)', [1]), (e) =>
    (e.code === '23505' && e.schema === 'public' && e.table === 'items' &&
      e.constraint === 'items_pkey') || assert.fail(`${e.code} ${e.table} ${e.constraint}`));
  await client.query(`CREATE PROCEDURE add_qty(p_id int, INOUT total bigint DEFAULT 0)
    LANGUAGE plpgsql AS $$ BEGIN UPDATE items SET qty = qty + 1 WHERE id = p_id;
    SELECT sum(qty) INTO total FROM items; END $$`);
  const before = (await client.query('SELECT sum(qty) AS s FROM items')).rows[0].s;
  const r = await client.query('CALL add_qty($1)', [1]);
  assert.equal(r.command, 'CALL');
  assert.deepEqual(r.rows, [{ total: String(BigInt(before) + 1n) }]);
});

await check('pg: pool of 20 running concurrent queries', async () => {
  const pool = new pg.Pool({ ...conn, max: 20 });
  const jobs = [];
  for (let i = 0; i < 200; i++)
    jobs.push(pool.query('SELECT id, name FROM items WHERE id = $1', [10 + (i % 50)]));
  const results = await Promise.all(jobs);
  results.forEach((r, i) => assert.equal(r.rows[0].name, `n${10 + (i % 50)}`));
  assert.equal(pool.totalCount, 20);
  // concurrent writers, each in its own transaction
  await Promise.all([...Array(20).keys()].map(async (k) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('INSERT INTO items (id, name) VALUES ($1, $2)', [1000 + k, `p${k}`]);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  }));
  const n = await pool.query('SELECT count(*) AS n FROM items WHERE id >= 1000');
  assert.equal(n.rows[0].n, '20');
  await pool.end();
});

await check('pg-cursor: reads in batches (portal row limits)', async () => {
  const cursor = client.query(new Cursor('SELECT id FROM items WHERE id BETWEEN $1 AND $2 ORDER BY id', [10, 59]));
  const read = (n) => new Promise((res, rej) => cursor.read(n, (err, rows) => (err ? rej(err) : res(rows))));
  const first = await read(7);
  assert.deepEqual(first.map((r) => r.id), [10, 11, 12, 13, 14, 15, 16]);
  let all = first;
  for (;;) {
    const rows = await read(7);
    if (rows.length === 0) break;
    all = all.concat(rows);
  }
  assert.equal(all.length, 50);
  await new Promise((res) => cursor.close(res));
});

await check('pg-query-stream: streams a result', async () => {
  const stream = client.query(new QueryStream('SELECT id, name FROM items WHERE id >= $1 ORDER BY id', [10], { batchSize: 8 }));
  const ids = [];
  for await (const row of stream) ids.push(row.id);
  assert.equal(ids.length, 71); // 10..59, 501, 1000..1019
  assert.equal(ids[0], 10);
});

// pg-copy-streams sends COPY as a simple Query (CopyInResponse/CopyOutResponse).
await check('pg-copy-streams: COPY FROM STDIN and TO STDOUT', async () => {
  await client.query('CREATE TABLE copied (id int PRIMARY KEY, note text, v numeric)');
  const lines = [];
  for (let i = 1; i <= 1000; i++) lines.push(`${i}\tnote ${i}\t${i % 3 ? i / 4 : 'NaN'}\n`);
  lines.push('1001\t\\N\tInfinity\n');
  const ingest = client.query(copyFrom('COPY copied FROM STDIN'));
  await pipeline(Readable.from(lines), ingest);
  assert.equal(ingest.rowCount, 1001);
  const { rows } = await client.query(
    "SELECT count(*)::int AS n, count(note)::int AS notes, sum(v) AS s, max(v) AS mx FROM copied");
  assert.deepEqual(rows[0], { n: 1001, notes: 1000, s: 'NaN', mx: 'NaN' });
  const chunks = [];
  const out = client.query(copyTo('COPY (SELECT id, note, v FROM copied WHERE id IN (3, 4, 1001) ORDER BY id) TO STDOUT WITH (FORMAT csv)'));
  for await (const c of out) chunks.push(c);
  assert.equal(Buffer.concat(chunks).toString(), '3,note 3,NaN\n4,note 4,1\n1001,,Infinity\n');
  // a bad row fails the COPY with the server's error; the connection goes on
  const bad = client.query(copyFrom('COPY copied FROM STDIN'));
  await assert.rejects(pipeline(Readable.from(['2000\tx\t1\n', 'oops\tx\t1\n']), bad), (e) => e.code === '22P02');
  assert.equal((await client.query('SELECT count(*)::int AS n FROM copied')).rows[0].n, 1001);
});

await client.end();

// ---- postgres.js ----
await check('postgres.js: tagged templates, types, transactions, unsafe', async () => {
  const sql = postgres({ ...conn, username: 'omendb', max: 4, onnotice: () => {} });
  try {
    const id = 2000;
    const [ins] = await sql`INSERT INTO items (id, name, amount, d, flag)
      VALUES (${id}, ${'tagged'}, ${'9.5'}, ${'2024-05-06'}, ${false}) RETURNING id, name`;
    assert.deepEqual({ ...ins }, { id, name: 'tagged' });
    const rows = await sql`SELECT id, name, amount, flag FROM items WHERE id = ${id}`;
    assert.deepEqual({ ...rows[0] }, { id, name: 'tagged', amount: '9.500', flag: false });
    const many = await sql`SELECT id FROM items WHERE id IN ${sql([10, 11, 12])} ORDER BY id`;
    assert.deepEqual(many.map((r) => r.id), [10, 11, 12]);
    const obj = { id: 2001, name: 'helper' };
    await sql`INSERT INTO items ${sql(obj, 'id', 'name')}`;
    assert.equal((await sql`SELECT name FROM items WHERE id = 2001`)[0].name, 'helper');
    await assert.rejects(sql.begin(async (tx) => {
      await tx`INSERT INTO items (id, name) VALUES (2002, 'rolled back')`;
      throw new Error('undo');
    }), /undo/);
    await sql.begin(async (tx) => {
      await tx`INSERT INTO items (id, name) VALUES (2003, 'committed')`;
    });
    const tx = await sql`SELECT id FROM items WHERE id IN (2002, 2003)`;
    assert.deepEqual(tx.map((r) => r.id), [2003]);
    const u = await sql.unsafe('SELECT name FROM items WHERE id = $1', [2001]);
    assert.equal(u[0].name, 'helper');
    const p = await sql.unsafe('SELECT name FROM items WHERE id = $1', [2003], { prepare: true });
    assert.equal(p[0].name, 'committed');
    await assert.rejects(sql`SELECT * FROM nosuch`, (e) => e.code === '42P01');
    const cur = [];
    await sql`SELECT id FROM items WHERE id BETWEEN 10 AND 29 ORDER BY id`.cursor(6, (rows) => { cur.push(rows.length); });
    assert.deepEqual(cur, [6, 6, 6, 2]);
  } finally {
    await sql.end();
  }
});

// ---- knex ----
await check('knex: migrations (create, alter, index, drop) and CRUD', async () => {
  const knex = knexFactory({ client: 'pg', connection: conn, pool: { min: 0, max: 4 } });
  const migrations = [
    {
      name: '001_users',
      up: (k) => k.schema.createTable('users', (t) => {
        t.increments('id');
        t.string('email', 100).notNullable().unique();
        t.string('name');
        t.integer('age');
        t.boolean('active').defaultTo(true);
        t.timestamps(true, true);
      }),
      down: (k) => k.schema.dropTable('users'),
    },
    {
      name: '002_posts',
      up: async (k) => {
        await k.schema.createTable('posts', (t) => {
          t.bigIncrements('id');
          t.integer('user_id').notNullable();
          t.text('body');
          t.decimal('score', 8, 2).defaultTo(0);
          t.index(['user_id'], 'posts_user_idx');
        });
        await k.schema.alterTable('users', (t) => {
          t.index(['name']);
        });
      },
      down: async (k) => {
        await k.schema.dropTable('posts');
      },
    },
  ];
  const source = {
    getMigrations: async () => migrations,
    getMigrationName: (m) => m.name,
    getMigration: async (m) => m,
  };
  try {
    const [batch, done] = await knex.migrate.latest({ migrationSource: source });
    assert.equal(batch, 1);
    assert.deepEqual(done, ['001_users', '002_posts']);
    const recorded = await knex('knex_migrations').select('name').orderBy('id');
    assert.deepEqual(recorded.map((r) => r.name), ['001_users', '002_posts']);
    assert.equal(await knex.schema.hasTable('posts'), true);
    assert.equal(await knex.schema.hasColumn('users', 'active'), true);
    const idx = await knex('pg_indexes').where({ tablename: 'users' }).orderBy('indexname').pluck('indexname');
    assert.deepEqual(idx, ['users_email_unique', 'users_name_index', 'users_pkey']);

    const [u] = await knex('users').insert({ email: 'a@x.org', name: 'Ann', age: 30 }).returning(['id', 'active']);
    assert.deepEqual(u, { id: 1, active: true });
    await knex('users').insert([{ email: 'b@x.org', name: 'Bob', age: 40 }, { email: 'c@x.org', name: 'Cy' }]);
    await knex('posts').insert([{ user_id: 1, body: 'hello', score: 1.5 }, { user_id: 2, body: 'hi' }]);
    const adults = await knex('users').where('age', '>=', 30).orderBy('id').select('name');
    assert.deepEqual(adults.map((r) => r.name), ['Ann', 'Bob']);
    const joined = await knex('posts').join('users', 'users.id', 'posts.user_id')
      .select('users.name', 'posts.body', 'posts.score').orderBy('posts.id');
    assert.deepEqual(joined, [{ name: 'Ann', body: 'hello', score: '1.50' }, { name: 'Bob', body: 'hi', score: '0.00' }]);
    assert.equal(await knex('users').where({ name: 'Cy' }).update({ age: 20 }), 1);
    const cnt = await knex('users').count('* as n').first();
    assert.equal(cnt.n, '3');
    assert.equal(await knex('users').where('age', '<', 25).del(), 1);
    await assert.rejects(knex('users').insert({ email: 'a@x.org' }), (e) => e.code === '23505');
    await knex.transaction(async (trx) => {
      await trx('users').insert({ email: 'd@x.org', name: 'Di' });
    });
    assert.equal((await knex('users').count('* as n').first()).n, '3');

    // a second batch: alterTable adds, renames, retypes and drops columns
    migrations.push({
      name: '003_alter_users',
      up: async (k) => {
        await k.schema.alterTable('users', (t) => {
          t.string('nickname', 50).defaultTo('anon');
          t.integer('level').notNullable().defaultTo(1);
        });
        await k.schema.alterTable('users', (t) => {
          t.renameColumn('name', 'full_name');
        });
        await k.schema.alterTable('users', (t) => {
          t.dropColumn('age');
        });
        await k.schema.alterTable('posts', (t) => {
          t.string('body', 200).alter();
        });
        await k.raw('ALTER TABLE users ADD CONSTRAINT users_level_positive CHECK (level > 0)');
      },
      down: async (k) => {
        await k.schema.alterTable('users', (t) => {
          t.dropChecks(['users_level_positive']);
        });
        await k.schema.alterTable('users', (t) => {
          t.integer('age');
          t.dropColumn('level');
          t.dropColumn('nickname');
        });
        await k.schema.alterTable('users', (t) => {
          t.renameColumn('full_name', 'name');
        });
      },
    });
    const [batch2, done2] = await knex.migrate.latest({ migrationSource: source });
    assert.equal(batch2, 2);
    assert.deepEqual(done2, ['003_alter_users']);
    assert.equal(await knex.schema.hasColumn('users', 'age'), false);
    assert.equal(await knex.schema.hasColumn('users', 'name'), false);
    const users = await knex('users').orderBy('id').select('full_name', 'nickname', 'level');
    assert.deepEqual(users.map((u) => `${u.full_name}/${u.nickname}/${u.level}`),
      ['Ann/anon/1', 'Bob/anon/1', 'Di/anon/1']);
    await assert.rejects(knex('users').insert({ email: 'e@x.org', level: 0 }), (e) => e.code === '23514');
    const bodyType = await knex('information_schema.columns')
      .where({ table_name: 'posts', column_name: 'body' })
      .first('data_type', 'character_maximum_length');
    assert.deepEqual(bodyType, { data_type: 'character varying', character_maximum_length: 200 });
    assert.equal((await knex('posts').orderBy('id').pluck('body')).join(','), 'hello,hi');

    const [rbatch, undone] = await knex.migrate.rollback({ migrationSource: source }, true);
    assert.equal(rbatch, 2);
    assert.deepEqual(undone.sort(), ['001_users', '002_posts', '003_alter_users']);
    assert.equal(await knex.schema.hasTable('users'), false);
  } finally {
    await knex.destroy();
  }
});

console.log(`node clients: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
