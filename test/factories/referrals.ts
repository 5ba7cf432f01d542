import type { RunningApi } from '../support/app';
import { call } from '../support/auth';
import type { ErrorBody } from '../support/error-body';

/** Referrals made through the API (POST /api/v1/cases/:id/referrals) and the consent they rest on. */

type Fields = Record<string, unknown>;

/** The body of POST /api/v1/cases/:id/referrals: an urgent shelter referral to `providerId`. */
export function referralPayload(providerId: string, overrides: Fields = {}): Fields {
  return { services: ['shelter'], urgency: 'urgent', providerId, ...overrides };
}

/** The body of POST /api/v1/cases/:id/consents: the survivor's verbal consent to a referral. */
export function referralConsentPayload(overrides: Fields = {}): Fields {
  return { purpose: 'referral', method: 'verbal', givenBy: 'survivor', ...overrides };
}

/** Records a referral consent on a case; returns its id. Throws unless the API answers 201. */
export async function giveReferralConsent(
  api: Pick<RunningApi, 'url'>,
  token: string,
  caseId: string,
  overrides: Fields = {},
): Promise<string> {
  const res = await call<{ id: string } & ErrorBody>(api, 'POST', `/api/v1/cases/${caseId}/consents`, {
    token,
    body: referralConsentPayload(overrides),
  });
  if (res.status !== 201) throw new Error(`consent answered ${res.status} ${res.body.code}`);
  return res.body.id;
}

/** Refers a case to a provider; returns the referral. Throws unless the API answers 201. */
export async function createReferral<T extends { id: string } = { id: string; status: string }>(
  api: Pick<RunningApi, 'url'>,
  token: string,
  caseId: string,
  providerId: string,
  overrides: Fields = {},
): Promise<T> {
  const res = await call<T & ErrorBody>(api, 'POST', `/api/v1/cases/${caseId}/referrals`, {
    token,
    body: referralPayload(providerId, overrides),
  });
  if (res.status !== 201) throw new Error(`referral answered ${res.status} ${res.body.code}`);
  return res.body;
}
