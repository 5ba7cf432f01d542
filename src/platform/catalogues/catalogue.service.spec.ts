import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../config/app-root';
import { Env, loadEnv } from '../config/env.schema';
import { CatalogueService, REQUIRED_CATALOGUES } from './catalogue.service';

const envWith = (overrides: Record<string, string> = {}): Env =>
  loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
    REDIS_URL: 'redis://127.0.0.1:6379',
    ...overrides,
  });

describe('CatalogueService', () => {
  it('starts with every required catalogue of config/', () => {
    const service = new CatalogueService(envWith());
    expect(service.names()).toEqual(expect.arrayContaining([...REQUIRED_CATALOGUES]));
    expect(service.all().map((c) => c.name)).toEqual(service.names());
  });

  it('refuses to start without a required catalogue, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'haven-config-'));
    try {
      cpSync(configDir(), dir, { recursive: true });
      rmSync(join(dir, 'catalogues', 'risk-questionnaire.yaml'));
      rmSync(join(dir, 'catalogues', 'shared-fields.yaml'));
      expect(() => new CatalogueService(envWith({ HAVEN_CONFIG_DIR: dir }))).toThrow(
        'config/catalogues is missing risk-questionnaire, shared-fields',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the risk questionnaire with its questions and ascending levels', () => {
    const { items, levels } = new CatalogueService(envWith()).riskQuestionnaire();
    expect(items.find((q) => q.key === 'fear_level')).toMatchObject({ type: 'scale', max: 3 });
    expect(items.every((q) => q.weight > 0)).toBe(true);
    expect(levels.map((l) => l.level)).toEqual(['low', 'medium', 'high', 'critical']);
    expect(levels[0]?.minScore).toBe(0);
  });
});
