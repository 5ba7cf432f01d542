import { DomainError } from '../../../platform/http/domain-error';
import {
  assertCapacity,
  assertTypeOfOrganization,
  disclosesConfidential,
  likePattern,
  ProviderRecord,
  viewOfProvider,
} from './provider';

const record = (over: Partial<ProviderRecord> = {}): ProviderRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Nhà tạm lánh thử',
  type: 'safe_house',
  organizationId: '00000000-0000-4000-8000-000000000002',
  provinceCode: '01',
  communeCode: '00004',
  addressText: 'Số 1 phố thử',
  phone: '024 0000 0000',
  hours: null,
  services: ['shelter'],
  areaServed: [],
  capacity: 4,
  acceptingReferrals: true,
  languages: ['vi'],
  version: 1,
  referringOrganizationIds: [],
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-02T00:00:00Z'),
  ...over,
});

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? `${e.code} ${JSON.stringify(e.params)}` : 'not a DomainError';
  }
  return undefined;
};

describe('viewOfProvider', () => {
  it('leaves the keys of a confidential contact out (not null) for a caller who may not see it', () => {
    const view = viewOfProvider(record(), true, false);
    expect('addressText' in view).toBe(false);
    expect('phone' in view).toBe(false);
    expect(view.confidential).toBe(true);
    expect(disclosesConfidential(view)).toBe(false);
    expect(JSON.stringify(view)).not.toContain('phố thử');
  });

  it('shows a confidential contact to a caller who may see it, marked confidential', () => {
    const view = viewOfProvider(record(), true, true);
    expect(view).toMatchObject({ addressText: 'Số 1 phố thử', phone: '024 0000 0000', confidential: true });
    expect(disclosesConfidential(view)).toBe(true);
  });

  it('shows the contact of other providers to everyone, without the confidential mark', () => {
    const view = viewOfProvider(record({ type: 'health', phone: null }), false, false);
    expect(view).toMatchObject({ addressText: 'Số 1 phố thử', phone: null });
    expect('confidential' in view).toBe(false);
    expect(disclosesConfidential(view)).toBe(false);
    expect(view.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('the rules of a provider', () => {
  it('requires more than 0 beds of the types that count them', () => {
    const types = ['safe_house'];
    expect(
      codeOf(() => {
        assertCapacity('safe_house', null, types);
      }),
    ).toBe('PROVIDER_CAPACITY_REQUIRED {"field":"capacity","type":"safe_house"}');
    expect(
      codeOf(() => {
        assertCapacity('safe_house', 0, types);
      }),
    ).toMatch(/^PROVIDER_CAPACITY_REQUIRED/);
    expect(
      codeOf(() => {
        assertCapacity('safe_house', 1, types);
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        assertCapacity('health', null, types);
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        assertCapacity('health', 0, types);
      }),
    ).toBeUndefined();
  });

  it("refuses a type other than the organisation's, naming it", () => {
    expect(
      codeOf(() => {
        assertTypeOfOrganization('safe_house', 'health');
      }),
    ).toBe('PROVIDER_TYPE_MISMATCH {"field":"type","organizationType":"health"}');
    expect(
      codeOf(() => {
        assertTypeOfOrganization('health', 'health');
      }),
    ).toBeUndefined();
  });

  it('makes % and _ typed in a name search plain letters', () => {
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
