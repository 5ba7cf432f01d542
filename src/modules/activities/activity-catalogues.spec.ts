import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogueError, parseCatalogue } from '../../platform/catalogues';

const CATALOGUES = join(__dirname, '..', '..', '..', 'config', 'catalogues');
const read = (name: string): string => readFileSync(join(CATALOGUES, `${name}.yaml`), 'utf8');

describe("the activities' catalogues", () => {
  it('give the model each model-bound kind implies, and none to the others', () => {
    const kinds = parseCatalogue('activity-kinds.yaml', read('activity-kinds'));
    const models = Object.fromEntries(kinds.items.map((i) => [i.key, i.model]));
    expect(models).toMatchObject({
      club_meeting: 3,
      convention_revision: 4,
      counselling_point_session: 5,
      communication_campaign: undefined,
      awareness_session: undefined,
      training_course: undefined,
    });
  });

  it('refuse a kind whose model is not a whole number from 1 to 5', () => {
    const text = read('activity-kinds').replace('model: 3', 'model: 6');
    expect(() => parseCatalogue('activity-kinds.yaml', text)).toThrow(CatalogueError);
    expect(() => parseCatalogue('activity-kinds.yaml', text)).toThrow(/club_meeting\.model/);
  });

  it('hold the audiences and denominator keys of the plan', () => {
    const keys = (name: string) => parseCatalogue(`${name}.yaml`, read(name)).items.map((i) => i.key);
    expect(keys('activity-audiences')).toEqual([
      'officials',
      'students',
      'residents',
      'youth',
      'reporters',
      'ge_staff',
      'village_heads',
      'ethnic_minority',
      'women_leaders',
    ]);
    expect(keys('denominator-keys')).toEqual(['officials', 'students', 'residential_clusters', 'ge_staff']);
  });
});
