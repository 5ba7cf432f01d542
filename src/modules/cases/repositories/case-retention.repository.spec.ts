import { CASE_TIED_DATA } from './case-retention.repository';

describe('retention erases through the declarations', () => {
  it('covers every record of the cases module tied to a case', () => {
    expect(CASE_TIED_DATA.map((d) => d.table).sort()).toEqual([
      'case_services',
      'case_transfers',
      'case_transitions',
      'cases',
      'closure_requests',
      'consents',
      'notes',
      'protection_measures',
      'reporters',
      'risk_assessments',
      'safety_plan_versions',
      'survivors',
    ]);
  });
});
