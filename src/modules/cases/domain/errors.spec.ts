import { DomainError } from '../../../platform/http/domain-error';
import { CASE_DOMAIN_ERRORS, CaseDomainError } from './errors';

describe('CaseDomainError', () => {
  it('is a DomainError, so the platform filter answers it with its code and params', () => {
    const e = new CaseDomainError(
      'TRANSITION_NOT_ALLOWED',
      { from: 'intake', to: 'closed', allowed: 'assessment' },
      {
        allowed: ['assessment'],
      },
    );
    expect(e).toBeInstanceOf(DomainError);
    expect(e.name).toBe('CaseDomainError');
    expect(e.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(e.message).toBe('TRANSITION_NOT_ALLOWED');
    expect(e.params).toEqual({ from: 'intake', to: 'closed', allowed: 'assessment' });
    expect(e.details).toEqual({ allowed: ['assessment'] });
  });

  it('gives every code a client-error status: these are refusals, not failures', () => {
    for (const [code, status] of Object.entries(CASE_DOMAIN_ERRORS)) {
      expect([code, status >= 400 && status < 500]).toEqual([code, true]);
    }
  });

  it('names codes in SCREAMING_SNAKE_CASE, as the i18n files key them', () => {
    for (const code of Object.keys(CASE_DOMAIN_ERRORS)) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});
