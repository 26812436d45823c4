/**
 * Baselines for `bench/gateway-me.ts`: bare fastify answering `GET /v1/me` with the same JSON body;
 * with `BENCH_ME_USER_ID` (and `DATABASE_URL` / `DATABASE_SCHEMA`) it first reads that user's row
 * with one indexed `pg` select (primary key of `app_user`, a pool of 10 as the gateway's).
 */
import Fastify from 'fastify';
import pg from 'pg';

const body = process.env.BENCH_ME_BODY ?? '{}';
const userId = process.env.BENCH_ME_USER_ID;
const pool = userId
  ? new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: 10,
      options: `-c search_path=${process.env.DATABASE_SCHEMA ?? 'public'}`,
    })
  : null;
const app = Fastify({ logger: false });
app.get('/v1/me', async (_req, reply) => {
  if (pool) {
    const { rows } = await pool.query(
      'SELECT id, username, display_name AS "displayName", active, roles, region_scope AS "regionScope", owner_code AS "ownerCode", created_at AS "createdAt", updated_at AS "updatedAt" FROM app_user WHERE id = $1',
      [userId],
    );
    if (!rows[0]) return reply.code(401).send('{}');
  }
  return reply.header('content-type', 'application/json; charset=utf-8').send(body);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool?.end())
      .then(() => process.exit(0)),
);
