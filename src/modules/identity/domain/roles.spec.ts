import { isForbiddenCombination, needsSecondFactor, normaliseRoles, RoleTraits, unknownRoles } from './roles';

const CATALOGUE: RoleTraits[] = [
  { key: 'hotline_operator', readsCases: true, personalData: true },
  { key: 'counsellor', readsCases: true, personalData: true },
  { key: 'supervisor', readsCases: true, personalData: true },
  { key: 'provider_staff', readsCases: true, personalData: true },
  { key: 'centre_manager', readsCases: false, personalData: false },
  { key: 'admin', readsCases: false, personalData: false },
  { key: 'auditor', readsCases: false, personalData: false },
];

describe('role rules', () => {
  it('names the roles the catalogue does not know', () => {
    expect(unknownRoles(['counsellor', 'root', 'Admin'], CATALOGUE)).toEqual(['root', 'Admin']);
  });

  it.each([
    [['admin', 'counsellor'], true],
    [['auditor', 'provider_staff'], true],
    [['admin', 'auditor'], false],
    [['admin', 'centre_manager'], false],
    [['counsellor', 'supervisor'], false],
  ])('judges %p forbidden: %p', (roles, forbidden) => {
    expect(isForbiddenCombination(roles, CATALOGUE)).toBe(forbidden);
  });

  it('asks the second factor of roles that read personal data and of admins only', () => {
    expect(needsSecondFactor(['counsellor'], CATALOGUE)).toBe(true);
    expect(needsSecondFactor(['admin'], CATALOGUE)).toBe(true);
    expect(needsSecondFactor(['centre_manager'], CATALOGUE)).toBe(false);
    expect(needsSecondFactor(['auditor'], CATALOGUE)).toBe(false);
  });

  it('keeps each role once, in catalogue order', () => {
    expect(normaliseRoles(['auditor', 'admin', 'auditor'], CATALOGUE)).toEqual(['admin', 'auditor']);
  });
});
