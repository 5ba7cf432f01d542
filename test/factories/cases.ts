import type { RunningApi } from '../support/app';
import { call } from '../support/auth';
import type { ErrorBody } from '../support/error-body';

/**
 * Cases made through the API (POST /api/v1/cases), as an intake operator would: the smallest valid intake
 * (channel, the survivor's sex, one violence type), and whatever a test adds to it.
 */

type Fields = Record<string, unknown>;

/** The body of POST /api/v1/cases (a type, not an interface, so it is a JSON record). */
export type IntakePayload = {
  channel: string;
  receivedAt?: string;
  organizationId?: string;
  survivor: Fields & { sex: string };
  reporter?: Fields;
  incident: Fields & { violenceTypes: string[] };
  risk?: Fields;
  consents?: Fields[];
  note?: string;
};

/** What a test changes: top-level fields replace, `survivor` and `incident` merge into the minimum's. */
export type IntakeOverrides = Partial<Omit<IntakePayload, 'survivor' | 'incident'>> & {
  survivor?: Fields;
  incident?: Fields;
};

/** The answer of POST /api/v1/cases. */
export interface CreatedCase {
  id: string;
  reference: string;
  status: string;
  riskLevel: string | null;
  version: number;
  possibleDuplicates: { reference: string; status: string }[];
}

/** A valid intake: a hotline call about a woman, one physical assault; `overrides` on top. */
export function intakePayload(overrides: IntakeOverrides = {}): IntakePayload {
  const { survivor, incident, ...rest } = overrides;
  return {
    channel: 'hotline',
    ...rest,
    survivor: { sex: 'female', ...survivor },
    incident: { violenceTypes: ['physical_assault'], ...incident },
  };
}

/** Opens a case through the API and returns its answer; throws unless the API answers 201. */
export async function createCase(
  api: Pick<RunningApi, 'url'>,
  token: string,
  overrides: IntakeOverrides = {},
): Promise<CreatedCase> {
  const res = await call<CreatedCase & ErrorBody>(api, 'POST', '/api/v1/cases', {
    token,
    body: intakePayload(overrides),
  });
  if (res.status !== 201) throw new Error(`intake answered ${res.status} ${res.body.code}`);
  return res.body;
}

/** Assigns a case (POST /api/v1/cases/:id/assignment); throws unless the API answers 200. */
export async function assignCase(
  api: Pick<RunningApi, 'url'>,
  token: string,
  caseId: string,
  assigneeId: string,
): Promise<void> {
  const res = await call<ErrorBody>(api, 'POST', `/api/v1/cases/${caseId}/assignment`, {
    token,
    body: { assigneeId },
  });
  if (res.status !== 200) throw new Error(`assignment answered ${res.status} ${res.body.code}`);
}
