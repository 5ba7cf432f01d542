import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReportsConfig, ReportsConfigError } from './reports.config';
import { reportPeriod } from './report-request';

const CATALOGUES = [
  'channels',
  'violence-types',
  'sexes',
  'age-groups',
  'relationships',
  'services',
  'call-categories',
  'call-outcomes',
];
const SHIPPED = readFileSync(join(__dirname, '..', '..', '..', '..', 'config', 'reports.yaml'), 'utf8');

const minimal = (table: string): string => `
dimensions:
  sex: { vi: Giới tính, en: Sex, labels: 'catalogue:sexes' }
  service: { vi: Dịch vụ, en: Service, labels: 'catalogue:services' }
kinds:
${['monthly', 'semiannual', 'annual']
  .map(
    (k) => `  ${k}:
    periods: [month]
    title: { vi: Báo cáo, en: Report }
    fileStem: bao-cao
    indicators: hanoi-96-kh-ubnd
    tables:
${table}`,
  )
  .join('\n')}
`;

describe('config/reports.yaml', () => {
  it('is valid as shipped, with a monthly, a 6-monthly and an annual report', () => {
    const config = parseReportsConfig('config/reports.yaml', SHIPPED, CATALOGUES);
    expect(config.kinds.monthly.periods).toEqual(['month']);
    expect(config.kinds.semiannual.periods).toEqual(['half']);
    expect(config.kinds.annual.periods).toEqual(['year']);
    expect(config.kinds.semiannual.tables.length).toBeGreaterThan(config.kinds.monthly.tables.length);
  });

  it('accepts a valid minimal file', () => {
    const table = `      - { id: t, sheet: S, title: { vi: T, en: T }, subject: cases, groupBy: [sex] }`;
    expect(parseReportsConfig('f', minimal(table), CATALOGUES).kinds.monthly.tables[0]?.groupBy).toEqual([
      'sex',
    ]);
  });

  it.each([
    [
      'an unknown dimension',
      `      - { id: t, sheet: S, title: { vi: T, en: T }, subject: cases, groupBy: [colour] }`,
      'colour is not a dimension',
    ],
    [
      'a dimension without heading',
      `      - { id: t, sheet: S, title: { vi: T, en: T }, subject: cases, groupBy: [channel] }`,
      'channel has no heading',
    ],
    [
      'a dimension that does not apply',
      `      - { id: t, sheet: S, title: { vi: T, en: T }, subject: cases, groupBy: [service] }`,
      'service does not apply to cases',
    ],
    [
      'a sheet name Excel refuses',
      `      - { id: t, sheet: 'A/B', title: { vi: T, en: T }, subject: cases, groupBy: [sex] }`,
      'sheet must be 1 to 31',
    ],
    [
      'an unknown subject',
      `      - { id: t, sheet: S, title: { vi: T, en: T }, subject: people, groupBy: [sex] }`,
      'subject must be one of',
    ],
  ])('refuses %s, naming it', (_what, table, message) => {
    expect(() => parseReportsConfig('f', minimal(table), CATALOGUES)).toThrow(ReportsConfigError);
    expect(() => parseReportsConfig('f', minimal(table), CATALOGUES)).toThrow(message);
  });

  it('refuses a label source naming an unknown catalogue', () => {
    const text = minimal(
      `      - { id: t, sheet: S, title: { vi: T, en: T }, subject: cases, groupBy: [sex] }`,
    );
    expect(() => parseReportsConfig('f', text, ['services'])).toThrow('unknown catalogue sexes');
  });
});

describe('reportPeriod', () => {
  const config = parseReportsConfig('config/reports.yaml', SHIPPED, CATALOGUES);
  it.each([
    ['monthly', '2026-07', true],
    ['monthly', '2026-H2', false],
    ['semiannual', '2026-H2', true],
    ['semiannual', '2026-Q3', false],
    ['annual', '2026', true],
    ['annual', '2026-13', false],
    ['annual', 'soon', false],
  ] as const)('%s with %s fits: %s', (kind, text, fits) => {
    expect(reportPeriod(config.kinds[kind], text) !== null).toBe(fits);
  });
});
