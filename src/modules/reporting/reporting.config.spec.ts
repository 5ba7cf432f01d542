import { parseReportingConfig, reportingConfigProblems } from './reporting.config';

describe('config/reporting.yaml', () => {
  it('reads the disclosure rule and the manager scope (city by default)', () => {
    expect(
      parseReportingConfig('f', "provinceCode: '01'\ndisclosure: { threshold: 5, maxNoise: 2 }\n"),
    ).toEqual({
      provinceCode: '01',
      managerScope: 'city',
      disclosure: { method: 'cell_key', threshold: 5, maxNoise: 2 },
    });
  });

  it('names every bad setting', () => {
    const problems = reportingConfigProblems(
      'provinceCode: 1\nmanagerScope: everyone\ndisclosure: { threshold: 1, maxNoise: -1, extra: 2 }\ncolour: red\n',
    );
    expect(problems).toEqual([
      'colour is not a setting (provinceCode, managerScope, disclosure)',
      'provinceCode must be a two-digit province code (quoted)',
      'managerScope must be city or organization',
      'disclosure.extra is not a setting',
      'disclosure.threshold must be a whole number from 2 to 100',
      'disclosure.maxNoise must be a whole number from 0 to 20',
    ]);
    expect(() => parseReportingConfig('config/reporting.yaml', 'provinceCode: 1')).toThrow(
      'config/reporting.yaml: provinceCode must be',
    );
  });
});
