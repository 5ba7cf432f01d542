import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { configDir } from '../../platform/config/app-root';
import {
  directoryConfigProblems,
  DirectoryConfigError,
  loadDirectoryConfig,
  parseDirectoryConfig,
} from './directory.config';

const TYPES = ['social_work_centre', 'safe_house', 'health'];

describe('config/directory.yaml', () => {
  it('ships a valid file: safe houses are confidential and count their beds', () => {
    const text = readFileSync(join(configDir(), 'directory.yaml'), 'utf8');
    expect(parseDirectoryConfig('config/directory.yaml', text, ['safe_house', 'health'])).toEqual({
      confidentialTypes: ['safe_house'],
      capacityRequiredTypes: ['safe_house'],
    });
  });

  it('reads missing lists as empty ones', () => {
    expect(parseDirectoryConfig('directory.yaml', 'confidentialTypes: [health]\n', TYPES)).toEqual({
      confidentialTypes: ['health'],
      capacityRequiredTypes: [],
    });
  });

  it('names the file and the unknown type key', () => {
    expect(() =>
      parseDirectoryConfig('config/directory.yaml', 'confidentialTypes: [safe_house, shelterz]\n', TYPES),
    ).toThrow(
      new DirectoryConfigError(
        "config/directory.yaml: confidentialTypes.1: 'shelterz' is not an organisation type " +
          '(social_work_centre, safe_house, health)',
      ),
    );
  });

  it('refuses unknown settings, lists that are not lists and entries that are not strings', () => {
    const problems = directoryConfigProblems(
      'confidentialType: [safe_house]\ncapacityRequiredTypes: safe_house\nconfidentialTypes: [3]\n',
      TYPES,
    );
    expect(problems).toEqual([
      'confidentialType is not a setting (confidentialTypes, capacityRequiredTypes)',
      'confidentialTypes.0: the entry is not an organisation type (social_work_centre, safe_house, health)',
      'capacityRequiredTypes must be a list of organisation types',
    ]);
  });

  it('refuses text that is not a YAML mapping', () => {
    expect(directoryConfigProblems('- a\n- b\n', TYPES)).toEqual(['the file must be a mapping']);
    expect(directoryConfigProblems('a: [\n', TYPES)[0]).toMatch(/^not valid YAML/);
  });

  it('stops when the file cannot be read, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'haven-directory-'));
    expect(() => loadDirectoryConfig(dir, TYPES)).toThrow(/directory\.yaml: cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'directory.yaml'), 'capacityRequiredTypes: [nope]\n');
    expect(() => loadDirectoryConfig(dir, TYPES)).toThrow(/capacityRequiredTypes\.0: 'nope'/);
  });
});
