import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseReadingRoles } from './case-reading-roles';

const ROLES = ['hotline_operator', 'counsellor', 'supervisor', 'provider_staff', 'centre_manager', 'admin'];

describe('caseReadingRoles', () => {
  it('derives the roles from the shipped access rules: every role that reads a case or a referral', () => {
    const text = readFileSync(join(__dirname, '../../../../config/access-rules.yaml'), 'utf8');
    expect(caseReadingRoles(text, ROLES)).toEqual([
      'hotline_operator',
      'counsellor',
      'supervisor',
      'provider_staff',
    ]);
  });

  it('counts supervisor for isSupervisor and every role for a set that names none', () => {
    expect(caseReadingRoles('actions:\n  case.read:\n    - [isSupervisor]\n', ROLES)).toEqual(['supervisor']);
    expect(caseReadingRoles('actions:\n  referral.read:\n    - [isReferralRecipient]\n', ROLES)).toEqual(
      ROLES,
    );
    expect(caseReadingRoles('actions:\n  case.read: []\n', ROLES)).toEqual([]);
  });
});
