import { DataSource } from 'typeorm';
import { entityGlobs } from '../../src/platform/database';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * The migration check (docs/ARCHITECTURE.md, Conventions): generating a migration from the entities against a database built by
 * the migrations must produce nothing. Objects TypeORM cannot describe are declared on the entities
 * (partial indexes with `where`) so that the check stays meaningful.
 */
describe('entities and migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('agree: a migration generated from the entities would be empty', async () => {
    const ds = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: entityGlobs(),
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      logging: false,
    });
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('load the national list of units: 34 provinces and 3,321 communes, 126 in Hanoi', async () => {
    const [counts] = await db.query<{ provinces: number; communes: number; hanoi: number }>(
      `SELECT (SELECT count(*) FROM geo_provinces)::int AS provinces,
              (SELECT count(*) FROM geo_communes)::int AS communes,
              (SELECT count(*) FROM geo_communes WHERE province_code = '01')::int AS hanoi`,
    );
    expect(counts).toEqual({ provinces: 34, communes: 3321, hanoi: 126 });
  });

  it('can be reverted to nothing and run again', async () => {
    const { MIGRATIONS } = await import('../support/migrations');
    const ds = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MIGRATIONS as never,
      migrationsTableName: 'typeorm_migrations',
      logging: false,
    });
    await ds.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
      const tables = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
      );
      expect(tables[0]!.n).toBe(0);
      await ds.runMigrations();
      const [geo] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM geo_communes`);
      expect(geo!.n).toBe(3321);
    } finally {
      await ds.destroy();
    }
  });
});
