import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../../src/platform/config';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort } from '../support/redis-server';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

/** A catalogue label broken by YAML stops the real API at start-up, naming the catalogue and the key. */
describe('start-up with a broken catalogue label', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'haven-catalogues-'));
    cpSync(configDir(), dir, { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('stops on the dv-acts label split by an unquoted comma ("Điều 3)" as a key), naming both', async () => {
    const file = join(dir, 'catalogues', 'dv-acts.yaml');
    // The label as it was shipped: a flow mapping whose commas are not quoted.
    const broken = readFileSync(file, 'utf8').replace(
      /^label:\n(?: {2}.*\n)+/m,
      'label:\n  {\n    vi: Hành vi bạo lực gia đình (Luật 13/2022/QH15,\n    Điều 3),\n' +
        '    en: Acts of domestic violence (Law 13/2022/QH15,\n    Art. 3),\n  }\n',
    );
    expect(broken).toContain('Điều 3),');
    writeFileSync(file, broken);
    const child = spawnEntry('main', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      HAVEN_CONFIG_DIR: dir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    });
    try {
      expect(await child.exit).not.toBe(0);
      expect(child.stderr()).toContain('dv-acts.yaml: label has the field "Điều 3)" without a value');
    } finally {
      child.proc.kill('SIGKILL');
    }
  });
});
