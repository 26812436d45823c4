import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTestSchema, type TestSchema } from '@slrt/testing';
import { createDataSourceOptions, runMigrations } from '../src/index.js';

class CreateThing1700000000000 implements MigrationInterface {
  name = 'CreateThing1700000000000';
  constructor(private readonly schema: string) {}
  async up(q: QueryRunner) {
    await q.query(
      `CREATE TABLE "${this.schema}".thing (id int PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`,
    );
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE "${this.schema}".thing`);
  }
}

describe('per-service data source', () => {
  let a: TestSchema;
  let b: TestSchema;
  beforeAll(async () => {
    a = await createTestSchema();
    b = await createTestSchema();
  });
  afterAll(async () => {
    await a.drop();
    await b.drop();
  });

  it('runs migrations up, reports status, and reverts them down', async () => {
    // TypeORM instantiates migration classes itself; give it a class bound to this schema.
    const schema = a.schema;
    class CreateThing1700000000001 extends CreateThing1700000000000 {
      override name = 'CreateThing1700000000001';
      constructor() {
        super(schema);
      }
    }
    const options = createDataSourceOptions({
      url: a.url,
      schema,
      applicationName: 'test',
      migrations: [CreateThing1700000000001],
    });
    expect((await runMigrations(options, 'status')).pending).toBe(true);
    expect((await runMigrations(options, 'up')).applied).toEqual(['CreateThing1700000000001']);
    expect((await runMigrations(options, 'up')).applied).toEqual([]);
    expect((await runMigrations(options, 'status')).pending).toBe(false);
    expect((await runMigrations(options, 'down')).applied).toEqual(['CreateThing1700000000001']);
    expect((await runMigrations(options, 'status')).pending).toBe(true);
  });

  it('pins connections to the service schema: another schema\u2019s table is invisible by its bare name', async () => {
    const dsB = new DataSource(createDataSourceOptions({ url: b.url, schema: b.schema, applicationName: 'b' }));
    await dsB.initialize();
    await dsB.query(`CREATE TABLE "${b.schema}".only_in_b (id int)`);
    const dsA = new DataSource(createDataSourceOptions({ url: a.url, schema: a.schema, applicationName: 'a' }));
    await dsA.initialize();
    try {
      await expect(dsA.query('SELECT * FROM only_in_b')).rejects.toThrow(/does not exist/);
      expect(await dsB.query('SELECT count(*)::int AS n FROM only_in_b')).toEqual([{ n: 0 }]);
      const [{ search_path }] = await dsA.query('SHOW search_path');
      expect(search_path).toBe(a.schema);
    } finally {
      await dsA.destroy();
      await dsB.destroy();
    }
  });
});
