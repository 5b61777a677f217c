// node-postgres (pg) against the wire protocol, run by NodePgTests with the pg package the test setup installed.
// Connection from PGHOST/PGPORT/PGUSER/PGPASSWORD; prints one "key=value" line per finding for the test to check.
const { Client } = require('pg');

const EVERY_TYPE = `SELECT true AS b, 1::SMALLINT AS i2, 2::INTEGER AS i4, 3::BIGINT AS i8, 1.5::FLOAT AS f4,
  2.25::DOUBLE AS f8, -123.45::DECIMAL(10,2) AS num, 'héllo'::VARCHAR AS t, DATE '2026-03-15' AS d, TIME '13:14:15.5' AS tm,
  TIMESTAMP '2026-03-15 13:14:15.123456' AS ts, TIMESTAMPTZ '2026-03-15 13:14:15+00' AS tstz,
  INTERVAL '1 year 2 months 3 days 04:05:06' AS iv, '4b0c9e6e-0000-4000-8000-000000000001'::UUID AS u,
  '\\x01\\x02\\xFF'::BLOB AS bytes, '{"a":1}'::JSON AS j, [1, 2, NULL]::INTEGER[] AS ints, ['a', 'b c']::VARCHAR[] AS texts`;

const config = {
  host: process.env.PGHOST, port: Number(process.env.PGPORT), user: process.env.PGUSER,
  password: process.env.PGPASSWORD, database: 'warehouse', ssl: false,
};

const say = (key, value) => console.log(`${key}=${value}`);

function show(value) {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

async function sqlState(key, client, sql) {
  try {
    await client.query(sql);
    say(key, 'no error');
  } catch (e) {
    say(key, e.code);
  }
}

// Cancels until the query ends: the first cancel may come before the server runs it, a later one cannot.
async function cancel(client) {
  const query = client.query('SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range * b.range % 7 = 3');
  const timer = setInterval(() => new Client(config).cancel(client, query), 100);
  try {
    await query;
    say('cancel', 'not cancelled');
  } catch (e) {
    say('cancel', e.code);
  } finally {
    clearInterval(timer);
  }
  say('after.cancel', (await client.query('SELECT 7 AS seven')).rows[0].seven);
}

async function main() {
  const client = new Client(config);
  await client.connect();
  say('connected', (await client.query('SHOW server_version')).rows[0].server_version);
  const tables = await client.query(
    "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
  say('tables', tables.rows.map((r) => r.name).join(','));
  const columns = await client.query({
    text: 'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
    values: ['dim_branch'],
  });
  say('columns', columns.rows.map((r) => `${r.column_name}:${r.data_type}`).join(','));
  const branch = await client.query({ text: 'SELECT code, name FROM dim_branch WHERE branch_key = $1 AND code LIKE $2', values: [1, process.env.PGCODE || 'HZ%'] });
  say('parameterised', `${branch.rows[0].code}|${branch.rows[0].name}`);
  // Text only: node-postgres cannot read binary results (pg-protocol: "Binary mode not supported yet"). Once through the
  // simple protocol, once through the extended one (Parse/Bind/Execute), which must send the same text.
  for (const queryMode of ['simple', 'extended']) {
    const result = await client.query({ text: EVERY_TYPE, rowMode: 'array', queryMode: queryMode === 'extended' ? 'extended' : undefined });
    say(`types.${queryMode}`, result.fields.map((f, i) => `${f.name}:${f.dataTypeID}=${show(result.rows[0][i])}`).join('|'));
  }
  await sqlState('error.missing', client, 'SELECT * FROM no_such_table');
  await sqlState('error.syntax', client, 'SELECT 1 FROM FROM');
  await sqlState('error.forbidden', client, 'SELECT * FROM audit.batch');
  await cancel(client);
  await client.end();
}

main().catch((e) => {
  say('failed', `${e.code || ''} ${e.message}`);
  process.exit(1);
});
