import type { RunningApi } from '../support/app';
import { call } from '../support/auth';
import type { ErrorBody } from '../support/error-body';

/** Follow-ups made through the API (POST /api/v1/cases/:id/follow-ups). */

type Fields = Record<string, unknown>;

const HOUR = 3_600_000;

/** The body of POST /api/v1/cases/:id/follow-ups: a call back due in two hours. */
export function followUpPayload(overrides: Fields = {}): Fields {
  return { kind: 'call_back', dueAt: new Date(Date.now() + 2 * HOUR).toISOString(), ...overrides };
}

/** Adds a follow-up to a case; returns it. Throws unless the API answers 201. */
export async function createFollowUp<T extends { id: string } = { id: string; status: string }>(
  api: Pick<RunningApi, 'url'>,
  token: string,
  caseId: string,
  overrides: Fields = {},
): Promise<T> {
  const res = await call<T & ErrorBody>(api, 'POST', `/api/v1/cases/${caseId}/follow-ups`, {
    token,
    body: followUpPayload(overrides),
  });
  if (res.status !== 201) throw new Error(`follow-up answered ${res.status} ${res.body.code}`);
  return res.body;
}
