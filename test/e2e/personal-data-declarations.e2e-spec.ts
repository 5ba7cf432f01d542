import { execFileSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { join } from 'node:path';
import { RetentionService } from '../../src/modules/followups';
import { CryptoService, personalDataDeclarations } from '../../src/platform/crypto';
import { assignCase, createCase, IntakeOverrides } from '../factories/cases';
import { followUpPayload } from '../factories/follow-ups';
import { RunningApi, startApi, testEnv } from '../support/app';
import {
  call,
  createOrganization,
  createUser,
  MANY_SIGN_INS,
  TestUser,
  tokenCache,
  totpCode,
} from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { ErrorBody } from '../support/error-body';

/**
 * Personal data declared once (issue 13): for every field of every personal-data declaration
 * (src/modules/<module>/*.personal-data.ts), a distinct marker is written through the API; `pg_dump`
 * shows none of them, after the insert and after the update; and retention's erasure blanks every
 * declared column of the records tied to the case. A declared field without an entry in PLANTING fails
 * the first test, naming it: a new protected field cannot be forgotten here. An entry whose table has no
 * declaration loaded (another branch's, not merged yet) is skipped, never an error.
 */

// Every declaration of every module, loaded the way the application loads them.
const ROOT = join(__dirname, '..', '..');
for (const file of globSync('src/modules/**/*.personal-data.ts', { cwd: ROOT })) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(ROOT, file));
}

/** A value to write and what to look for in the dump (null: too short to search, e.g. a year). */
interface Marker {
  value: string | number;
  find: string | null;
}

interface Ctx {
  caseId: string;
  organizationId: string;
  /** A health organisation: a provider's type must be its organisation's. */
  healthOrganizationId: string;
  /** One JSON request as a user; fails the test unless the answer is 2xx. */
  ok: (user: TestUser, method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  /** One multipart POST (a document upload) as a user; fails the test unless the answer is 2xx. */
  postForm: (user: TestUser, path: string, form: FormData) => Promise<Record<string, unknown>>;
  users: Record<'operator' | 'counsellor' | 'counsellor2' | 'supervisor' | 'supervisor2' | 'admin', TestUser>;
  /** A new user of the organisation, made in the database (set-up: no planted field). */
  newUser: (roles: string[]) => Promise<TestUser>;
  /** A provider that takes legal-aid referrals, made once through the API (no contact given). */
  provider: () => Promise<string>;
  /** Another Social Work Centre and its supervisor, made once (the receiving side of a transfer). */
  receiving: () => Promise<{ organizationId: string; supervisor: TestUser }>;
}

/** How the API writes one declared field ("table.column"). */
type Planting =
  | {
      /** The marker written at intake (merged into the one intake), or after it by `write`. */
      insert: Marker;
      intake?: (v: Marker['value']) => IntakeOverrides;
      write?: (ctx: Ctx, v: Marker['value']) => Promise<void>;
      /** Instead of `write`, for a value the server chooses (a TOTP secret): answers the marker to look for. */
      generate?: (ctx: Ctx) => Promise<Marker>;
      /**
       * How the API changes the field: the case file's PATCH fragment (merged into one PATCH), or a
       * `write` of its own for records outside the case file.
       */
      update?: {
        marker: Marker;
        patch?: (v: Marker['value']) => Record<string, unknown>;
        write?: (ctx: Ctx, v: Marker['value']) => Promise<void>;
      };
    }
  | { notWritable: string };

const SUFFIX = Math.random().toString(36).slice(2, 8).replace(/\d/g, 'q');
/** A distinct text marker per field: letters only, so it is searchable as-is in the dump. */
const mark = (name: string): Marker => {
  const value = `mkr${name.toLowerCase().replace(/[^a-z]/g, '')}${SUFFIX}`;
  return { value, find: value };
};
const str = (v: Marker['value']): string => String(v);
/** What the stored plaintext contains once the marker is written (phones are stored as E.164). */
const seen = (m: Marker): string => m.find ?? String(m.value);

const PHONE = { value: '0912 739 468', find: '912739468' };
const PHONE2 = { value: '0913 846 257', find: '913846257' };

/** A marker inside a sentence, for fields with a minimum length (override and break-glass reasons). */
const long = (name: string): Marker => {
  const m = mark(name);
  return { value: `Người bị hại đang gặp nguy hiểm ngay lúc này ${str(m.value)}`, find: m.find };
};
/** A work e-mail whose local part is the marker. */
const email = (name: string): Marker => {
  const m = mark(name);
  return { value: `${str(m.value)}@haven.test`, find: m.find };
};
/** Stands for a value the server generates: `generate` answers the marker to look for. */
const GENERATED: Marker = { value: 'generated by the server', find: null };

const PLAN_NOTE = mark('plannote');
const PLAN_DROP = mark('plandrop');
const PLAN_RETURN = mark('planreturn');
const CLOSURE_REASON = mark('closurereason');
const CLOSURE_DECISION = mark('closuredecision');
const OVERRIDE_REASON = long('overridereason');
const BREAK_GLASS_REASON = long('breakglass');
const PROVIDER_PHONE = { value: '024 3917 2846', find: '3917 2846' };

/** A safety plan whose warning signs, trusted person and steps carry the marker. */
const safetyPlan = (version: number, marker: string) => ({
  version,
  warningSigns: `Say rượu ${marker}`,
  safePlaces: `Nhà chị gái ${marker}`,
  trustedPeople: [{ name: `Chị Lan ${marker}`, relationship: 'chị gái', howToReach: `Zalo ${marker}` }],
  leavingItems: ['identity_documents'],
  leavingOther: `Sổ tiết kiệm ${marker}`,
  emergencyNumbers: [{ label: 'Công an', number: '113' }],
  steps: `Gọi 113 ${marker}`,
});

/** An emergency referral without consent (override), cancelled at once with `cancelReason`. */
async function referAndCancel(
  ctx: Ctx,
  body: { note?: string; overrideReason: string },
  cancelReason: string,
): Promise<void> {
  const referral = await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/referrals`, {
    services: ['legal_aid'],
    urgency: 'emergency',
    providerId: await ctx.provider(),
    emergencyOverride: { reasonText: body.overrideReason },
    ...(body.note === undefined ? {} : { note: body.note }),
  });
  // Cancelled: an open referral would stand in the way of the closure retention needs.
  await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/referrals/${String(referral.id)}/cancel`, {
    reasonText: cancelReason,
  });
}

/** A transfer of the case to the receiving organisation (with a transfer consent), then `end` on it. */
async function transferAnd(
  ctx: Ctx,
  note: string | undefined,
  end: (r: { supervisor: TestUser }, transferId: string) => Promise<unknown>,
): Promise<void> {
  const r = await ctx.receiving();
  const consent = await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/consents`, {
    purpose: 'transfer',
    method: 'verbal',
    givenBy: 'survivor',
  });
  const t = await ctx.ok(ctx.users.supervisor, 'POST', `/api/v1/cases/${ctx.caseId}/transfers`, {
    toOrganizationId: r.organizationId,
    consentId: String(consent.id),
    ...(note === undefined ? {} : { note }),
  });
  await end(r, String(t.id));
}

/** A user's TOTP secret set up (and, when `confirm`, enabled with a code); returns the secret. */
async function setUpMfa(ctx: Ctx, confirm: boolean): Promise<Marker> {
  const user = await ctx.newUser(['counsellor']);
  const setup = await ctx.ok(user, 'POST', '/api/v1/auth/mfa/setup');
  const secret = new URL(String(setup.otpauthUrl)).searchParams.get('secret') ?? '';
  if (secret.length < 16) throw new Error('mfa/setup answered no secret');
  if (confirm) await ctx.ok(user, 'POST', '/api/v1/auth/mfa/enable', { totp: totpCode(secret) });
  return { value: secret, find: secret };
}

let providerSeq = 0;
/** A health provider made by the admin (contact as given); returns it. */
const addProvider = (ctx: Ctx, contact: Record<string, unknown>): Promise<Record<string, unknown>> =>
  ctx.ok(ctx.users.admin, 'POST', '/api/v1/providers', {
    name: `Phòng khám dấu vết ${++providerSeq} ${SUFFIX}`,
    type: 'health',
    organizationId: ctx.healthOrganizationId,
    provinceCode: '01',
    communeCode: '00004',
    services: ['medical_care'],
    acceptingReferrals: false,
    ...contact,
  });

/** An activity of the organisation, recorded by its supervisor (a copy of activities.e2e-spec.ts's). */
const SESSION = {
  kind: 'awareness_session',
  project: 4,
  title: 'Nói chuyện chuyên đề phòng chống bạo lực gia đình',
  date: '2026-03-10',
  provinceCode: '01',
  communeCode: '00004',
  audience: ['residents', 'youth'],
  participants: { female: 30, male: 15, other: 1 },
  youthParticipants: 12,
  residentialClustersReached: 3,
};

let userSeq = 0;
/** The body of POST /api/v1/users: a centre manager (reads no case: no confirmation waits). */
const newUserBody = (ctx: Ctx, extra: Record<string, unknown>) => ({
  username: `dau.vet.${++userSeq}.${SUFFIX}`,
  displayName: 'Phạm Thị Dấu Vết',
  password: 'Một câu mật khẩu đủ dài 2026',
  roles: ['centre_manager'],
  organizationId: ctx.organizationId,
  ...extra,
});

/** Keyed "table.column" (the encryption context), so an entry survives a rename of the API field. */
const PLANTING: Record<string, Planting> = {
  'survivors.full_name_enc': {
    insert: mark('fullname'),
    intake: (v) => ({ survivor: { fullName: str(v) } }),
    update: { marker: mark('fullnametwo'), patch: (v) => ({ survivor: { fullName: str(v) } }) },
  },
  'survivors.phones_enc': {
    insert: PHONE,
    intake: (v) => ({ survivor: { phones: [str(v)] } }),
    update: { marker: PHONE2, patch: (v) => ({ survivor: { phones: [str(v)] } }) },
  },
  'survivors.birth_year_enc': {
    insert: { value: 1931, find: null },
    intake: (v) => ({ survivor: { birthYear: v } }),
    update: { marker: { value: 1932, find: null }, patch: (v) => ({ survivor: { birthYear: v } }) },
  },
  'survivors.date_of_birth_enc': {
    insert: { value: '1931-07-29', find: '1931-07-29' },
    intake: (v) => ({ survivor: { dateOfBirth: str(v) } }),
    update: {
      marker: { value: '1932-08-27', find: '1932-08-27' },
      patch: (v) => ({ survivor: { dateOfBirth: str(v) } }),
    },
  },
  'survivors.national_id_enc': {
    insert: { value: '001131739468', find: '001131739468' },
    intake: (v) => ({ survivor: { nationalId: str(v) } }),
    update: {
      marker: { value: '001131846257', find: '001131846257' },
      patch: (v) => ({ survivor: { nationalId: str(v) } }),
    },
  },
  'survivors.address_detail_enc': {
    insert: mark('address'),
    intake: (v) => ({ survivor: { addressDetail: str(v) } }),
    update: { marker: mark('addresstwo'), patch: (v) => ({ survivor: { addressDetail: str(v) } }) },
  },
  'survivors.guardian_enc': {
    insert: mark('guardian'),
    intake: (v) => ({ survivor: { guardian: { fullName: str(v), phone: '0933 618 204' } } }),
    update: {
      marker: mark('guardiantwo'),
      patch: (v) => ({ survivor: { guardian: { fullName: str(v), phone: '0933 618 205' } } }),
    },
  },
  'survivors.safe_times_enc': {
    insert: mark('safetimes'),
    intake: (v) => ({ survivor: { safeContact: { canCall: true, safeTimes: str(v) } } }),
    update: {
      marker: mark('safetimestwo'),
      patch: (v) => ({ survivor: { safeContact: { canCall: true, safeTimes: str(v) } } }),
    },
  },
  'survivors.code_word_enc': {
    insert: mark('codeword'),
    intake: (v) => ({ survivor: { safeContact: { canCall: true, codeWord: str(v) } } }),
    update: {
      marker: mark('codewordtwo'),
      patch: (v) => ({ survivor: { safeContact: { canCall: true, codeWord: str(v) } } }),
    },
  },
  'survivors.safe_contact_notes_enc': {
    notWritable: 'no route of the API takes safe-contact notes (SafeContactDto has no notes field)',
  },
  'reporters.full_name_enc': {
    insert: mark('reportername'),
    intake: (v) => ({ reporter: { relationship: 'neighbour', fullName: str(v) } }),
    update: {
      marker: mark('reporternametwo'),
      patch: (v) => ({ reporter: { relationship: 'neighbour', fullName: str(v) } }),
    },
  },
  'reporters.phone_enc': {
    insert: { value: '0911 527 384', find: '911527384' },
    intake: (v) => ({ reporter: { relationship: 'neighbour', phone: str(v) } }),
    update: {
      marker: { value: '0911 527 385', find: '911527385' },
      patch: (v) => ({ reporter: { relationship: 'neighbour', phone: str(v) } }),
    },
  },
  'risk_assessments.answers_enc': {
    // Answers are catalogue keys and booleans: no free text to mark; the column check still applies.
    insert: { value: 'threats_to_kill', find: null },
    intake: (v) => ({ risk: { answers: { [str(v)]: true } } }),
  },
  'notes.text_enc': {
    insert: mark('note'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/notes`, { text: str(v) });
    },
  },
  'consents.withdrawal_reason_enc': {
    insert: mark('withdrawal'),
    write: async (ctx, v) => {
      const given = await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/consents`, {
        purpose: 'referral',
        method: 'verbal',
        givenBy: 'survivor',
      });
      await ctx.ok(
        ctx.users.counsellor,
        'POST',
        `/api/v1/cases/${ctx.caseId}/consents/${String(given.id)}/withdraw`,
        { reasonText: str(v) },
      );
    },
  },
  'case_transfers.note_enc': {
    insert: mark('transfernote'),
    write: async (ctx, v) => {
      await transferAnd(ctx, str(v), (r, id) =>
        ctx.ok(ctx.users.supervisor, 'POST', `/api/v1/transfers/${id}/cancel`),
      );
    },
  },
  'case_transfers.decline_reason_enc': {
    insert: mark('transferdecline'),
    write: async (ctx, v) => {
      await transferAnd(ctx, undefined, (r, id) =>
        ctx.ok(r.supervisor, 'POST', `/api/v1/transfers/${id}/decline`, { reasonText: str(v) }),
      );
    },
  },
  'protection_measures.note_enc': {
    insert: mark('measure'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/protection-measures`, {
        type: 'no_contact_order_court',
        // Ended: a measure in force would block the closure retention needs.
        startsAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        note: str(v),
      });
    },
  },
  // The structured safety plan (issue 15): every free text in one sealed value; a second version updates it.
  'safety_plan_versions.content_enc': {
    insert: mark('safetyplan'),
    write: async (ctx, v) => {
      await ctx.ok(
        ctx.users.counsellor,
        'PUT',
        `/api/v1/cases/${ctx.caseId}/safety-plan`,
        safetyPlan(0, str(v)),
      );
    },
    update: {
      marker: mark('safetyplantwo'),
      write: async (ctx, v) => {
        await ctx.ok(
          ctx.users.counsellor,
          'PUT',
          `/api/v1/cases/${ctx.caseId}/safety-plan`,
          safetyPlan(1, str(v)),
        );
      },
    },
  },
  // A service given recorded on the case (issue 15): its note, then corrected with the entry's version.
  'case_services.note_enc': {
    insert: mark('servicenote'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/services`, {
        service: 'legal_aid',
        givenOn: new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }),
        note: str(v),
      });
    },
    update: {
      marker: mark('servicenotetwo'),
      write: async (ctx, v) => {
        const list = await ctx.ok(ctx.users.counsellor, 'GET', `/api/v1/cases/${ctx.caseId}/services`);
        const [entry] = list.items as { id: string; version: number }[];
        await ctx.ok(ctx.users.counsellor, 'PATCH', `/api/v1/cases/${ctx.caseId}/services/${entry!.id}`, {
          version: entry!.version,
          note: str(v),
        });
      },
    },
  },
  'case_transitions.reason_text_enc': {
    insert: mark('transition'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/transitions`, {
        to: 'assessment',
        reasonText: str(v),
      });
    },
  },
  // The follow-ups module's notes (waiting for its declaration: entries of undeclared tables are skipped).
  'follow_ups.note_enc': {
    insert: mark('followupnote'),
    write: async (ctx, v) => {
      const path = `/api/v1/cases/${ctx.caseId}/follow-ups`;
      await ctx.ok(ctx.users.counsellor, 'POST', path, followUpPayload({ note: str(v) }));
    },
  },
  // The case plan (issue 15): one draft holds a goal's text, an action's note and a dropped action's
  // reason; submitted, the supervisor returns it with a reason.
  'case_plan_goals.goal_text_enc': {
    insert: mark('plangoal'),
    write: async (ctx, v) => {
      const base = `/api/v1/cases/${ctx.caseId}/plan`;
      const draft = await ctx.ok(ctx.users.counsellor, 'POST', base);
      const written = await ctx.ok(ctx.users.counsellor, 'PUT', `${base}/${String(draft.id)}`, {
        version: draft.version,
        goals: [
          {
            needsArea: 'safety',
            text: str(v),
            actions: [
              { service: 'shelter', performer: 'counsellor', note: str(PLAN_NOTE.value) },
              {
                service: 'legal_aid',
                performer: 'survivor',
                status: 'dropped',
                dropReason: str(PLAN_DROP.value),
              },
            ],
          },
        ],
      });
      const sent = await ctx.ok(ctx.users.counsellor, 'POST', `${base}/${String(draft.id)}/submit`, {
        version: written.version,
      });
      await ctx.ok(ctx.users.supervisor, 'POST', `${base}/${String(draft.id)}/return`, {
        version: sent.version,
        reason: str(PLAN_RETURN.value),
      });
    },
  },
  // Written by the plan above.
  'case_plan_actions.note_enc': { insert: PLAN_NOTE },
  'case_plan_actions.drop_reason_enc': { insert: PLAN_DROP },
  'case_plans.return_reason_enc': { insert: PLAN_RETURN },
  // A referral's note and override reason (an emergency referral without consent: the withdrawn consent
  // above covers nothing), then the reason of a step of another referral.
  'referrals.note_enc': {
    insert: mark('referralnote'),
    write: async (ctx, v) => {
      await referAndCancel(ctx, { note: str(v), overrideReason: str(OVERRIDE_REASON.value) }, 'Đã an toàn');
    },
  },
  // Written by the referral above.
  'referrals.override_reason_enc': { insert: OVERRIDE_REASON },
  'referral_transitions.reason_text_enc': {
    insert: mark('referralcancel'),
    write: async (ctx, v) => {
      await referAndCancel(ctx, { overrideReason: 'Người bị hại đang gặp nguy hiểm ngay lúc này' }, str(v));
    },
  },
  // An assessment's free-text answers, sealed together: a needs assessment's notes on the safety need.
  'assessments.text_answers_enc': {
    insert: mark('assessmentnotes'),
    write: async (ctx, v) => {
      const path = `/api/v1/cases/${ctx.caseId}/assessments`;
      const a = await ctx.ok(ctx.users.counsellor, 'POST', path, { formKey: 'needs' });
      await ctx.ok(ctx.users.counsellor, 'PATCH', `${path}/${String(a.id)}`, {
        version: a.version,
        answers: { safety_need: true, safety_notes: str(v) },
      });
    },
  },
  // A colleague's break-glass on the case; the audit trail keeps the reason too (append-only: retention
  // never erases either, so neither is tied to the case for erasure).
  'break_glass_grants.reason_text_enc': {
    insert: BREAK_GLASS_REASON,
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor2, 'POST', `/api/v1/cases/${ctx.caseId}/break-glass`, {
        reasonText: str(v),
      });
    },
  },
  // Written by the break-glass above (its audit row).
  'audit_events.reason_text_enc': { insert: BREAK_GLASS_REASON },
  // Records not tied to a case: users, account changes, providers, activities.
  'users.email_enc': {
    insert: email('useremail'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.admin, 'POST', '/api/v1/users', newUserBody(ctx, { email: str(v) }));
    },
    update: {
      marker: email('useremailtwo'),
      write: async (ctx, v) => {
        const user = await ctx.newUser(['centre_manager']);
        await ctx.ok(ctx.users.admin, 'PATCH', `/api/v1/users/${user.id}`, { email: str(v) });
      },
    },
  },
  // A case-reading user's new e-mail waits for a supervisor's confirmation (identity-account-changes).
  'account_changes.email_enc': {
    insert: email('changedemail'),
    write: async (ctx, v) => {
      const user = await ctx.newUser(['counsellor']);
      await ctx.ok(ctx.users.admin, 'PATCH', `/api/v1/users/${user.id}`, { email: str(v) });
    },
  },
  // The server generates TOTP secrets: the marker is the secret it answered.
  'users.mfa_pending_secret_enc': { insert: GENERATED, generate: (ctx) => setUpMfa(ctx, false) },
  'users.mfa_secret_enc': { insert: GENERATED, generate: (ctx) => setUpMfa(ctx, true) },
  'providers.address_text_enc': {
    insert: mark('provideraddress'),
    write: async (ctx, v) => {
      await addProvider(ctx, { addressText: str(v), phone: str(PROVIDER_PHONE.value) });
    },
    update: {
      marker: mark('provideraddresstwo'),
      write: async (ctx, v) => {
        const p = await addProvider(ctx, {});
        await ctx.ok(ctx.users.admin, 'PATCH', `/api/v1/providers/${str(p.id as string)}`, {
          version: p.version,
          addressText: str(v),
        });
      },
    },
  },
  // Written by the provider above.
  'providers.phone_enc': {
    insert: PROVIDER_PHONE,
    update: {
      marker: { value: '024 3917 5813', find: '3917 5813' },
      write: async (ctx, v) => {
        const p = await addProvider(ctx, {});
        await ctx.ok(ctx.users.admin, 'PATCH', `/api/v1/providers/${str(p.id as string)}`, {
          version: p.version,
          phone: str(v),
        });
      },
    },
  },
  'activities.notes_enc': {
    insert: mark('activitynotes'),
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.supervisor, 'POST', '/api/v1/activities', { ...SESSION, notes: str(v) });
    },
    update: {
      marker: mark('activitynotestwo'),
      write: async (ctx, v) => {
        const a = await ctx.ok(ctx.users.supervisor, 'POST', '/api/v1/activities', SESSION);
        await ctx.ok(ctx.users.supervisor, 'PATCH', `/api/v1/activities/${str(a.id as string)}`, {
          version: a.version,
          notes: str(v),
        });
      },
    },
  },
  // A document's file name, given at upload (never changed: no update).
  'documents.name_enc': {
    insert: mark('documentname'),
    write: async (ctx, v) => {
      const form = new FormData();
      form.append('kind', 'medical');
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), `${str(v)}.pdf`);
      await ctx.postForm(ctx.users.counsellor, `/api/v1/cases/${ctx.caseId}/documents`, form);
    },
  },
  // The case row keeps the pending closure's text until it is decided; the request keeps both texts.
  'cases.closure_reason_text_enc': {
    insert: CLOSURE_REASON,
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.counsellor, 'POST', `/api/v1/cases/${ctx.caseId}/transitions`, {
        to: 'closed',
        reasonCode: 'goals_met',
        reasonText: str(v),
      });
    },
  },
  // Written by the closure request above.
  'closure_requests.reason_text_enc': { insert: CLOSURE_REASON },
  // The decision clears the case row's pending text (checked above, before it).
  'closure_requests.decision_reason_enc': {
    insert: CLOSURE_DECISION,
    write: async (ctx, v) => {
      await ctx.ok(ctx.users.supervisor2, 'POST', `/api/v1/cases/${ctx.caseId}/closure/reject`, {
        reasonText: str(v),
      });
    },
  },
};

/**
 * How the rows of a declaration without a case column tie to a case, where retention erases them through
 * it. Declarations neither with a case column nor here are not tied to a case (users, providers,
 * activities, break-glass grants, the append-only audit trail): their rows are looked for in the whole
 * table (this test's database holds only what it wrote), and retention leaves them alone.
 */
const TIED_THROUGH: Record<string, string> = {
  referral_transitions: 'referral_id IN (SELECT id FROM referrals WHERE case_id = $1)',
};

/** The SQL condition ($1: the case id) that selects a declaration's rows of the case, or null. */
function caseCondition(decl: { table: string; caseColumn: string | undefined }): string | null {
  if (decl.caseColumn) return `${decl.caseColumn} = $1`;
  return TIED_THROUGH[decl.table] ?? null;
}

/** Every declared field as "table.column", with its declaration's API name. */
function declaredFields(): { key: string; table: string; column: string; name: string }[] {
  return personalDataDeclarations().flatMap((d) =>
    Object.entries(d.fields).map(([name, f]) => ({
      key: `${d.table}.${f.column}`,
      table: d.table,
      column: f.column,
      name,
    })),
  );
}

function merge(a: IntakeOverrides, b: IntakeOverrides): IntakeOverrides {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prior = out[k];
    out[k] =
      prior && typeof prior === 'object' && v && typeof v === 'object' && !Array.isArray(v)
        ? merge(prior, v)
        : v;
  }
  return out;
}

describe('personal data declared once: markers never reach pg_dump, retention blanks them', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let crypto: CryptoService;
  let tokenOf: ReturnType<typeof tokenCache>;
  let ctx: Ctx;

  const dump = (): string =>
    execFileSync('pg_dump', ['--data-only', '--no-owner', '--dbname', db.url], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  /** The planted entries, in PLANTING's order. */
  const planted = () => Object.entries(PLANTING).flatMap(([key, p]) => ('insert' in p ? [{ key, p }] : []));

  /**
   * The stored column of a field, decrypted (one value per row): on the case's records, or on every row
   * of a table not tied to a case.
   */
  const stored = async (key: string): Promise<{ raw: string; plain: string }[]> => {
    const [table, column] = key.split('.') as [string, string];
    const decl = personalDataDeclarations().find((d) => d.table === table);
    if (!decl) throw new Error(`${table} has no declaration`);
    const where = caseCondition(decl);
    const rows = await db.query<Record<string, string | null>>(
      `SELECT ${column} AS v FROM ${table} WHERE ${where ?? 'true'} AND ${column} IS NOT NULL`,
      where ? [ctx.caseId] : [],
    );
    return rows.map((r) => ({ raw: r.v!, plain: crypto.decrypt(r.v!, key) }));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS }));
    crypto = api.app.get(CryptoService);
    tokenOf = tokenCache(api);
    const org = await createOrganization(db, { name: 'Trung tâm dấu vết' });
    const user = (roles: string[]) => createUser(db, { roles, organizationId: org.id });
    const users = {
      operator: await user(['hotline_operator']),
      counsellor: await user(['counsellor']),
      counsellor2: await user(['counsellor']),
      supervisor: await user(['supervisor']),
      supervisor2: await user(['supervisor']),
      admin: await user(['admin']),
    };
    const legalOrg = await createOrganization(db, { name: 'Trợ giúp pháp lý dấu vết', type: 'legal_aid' });
    const healthOrg = await createOrganization(db, { name: 'Phòng khám dấu vết', type: 'health' });
    let provider: Promise<string> | undefined;
    let receiving: Promise<{ organizationId: string; supervisor: TestUser }> | undefined;
    ctx = {
      receiving: () =>
        (receiving ??= createOrganization(db, { name: 'Trung tâm nhận chuyển dấu vết' }).then(async (o) => ({
          organizationId: o.id,
          supervisor: await createUser(db, { roles: ['supervisor'], organizationId: o.id }),
        }))),
      caseId: '',
      organizationId: org.id,
      healthOrganizationId: healthOrg.id,
      users,
      newUser: user,
      provider: () =>
        (provider ??= ctx
          .ok(users.admin, 'POST', '/api/v1/providers', {
            name: `Trợ giúp pháp lý dấu vết ${SUFFIX}`,
            type: 'legal_aid',
            organizationId: legalOrg.id,
            provinceCode: '01',
            communeCode: '00004',
            services: ['legal_aid'],
          })
          .then((p) => String(p.id))),
      postForm: async (u, path, form) => {
        const res = await fetch(`${api.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await tokenOf(u)}` },
          body: form,
        });
        if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status} ${await res.text()}`);
        return (await res.json()) as Record<string, unknown>;
      },
      ok: async (u, method, path, body) => {
        const res = await call<Record<string, unknown> & ErrorBody>(api, method, path, {
          token: await tokenOf(u),
          body,
        });
        if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status} ${res.body.code}`);
        return res.body;
      },
    };
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('has a planting entry for every declared personal-data field', () => {
    const fields = declaredFields();
    expect(fields.length).toBeGreaterThan(0);
    const missing = fields
      .filter((f) => !(f.key in PLANTING))
      .map((f) => `${f.key} (field ${f.name} of the ${f.table} declaration)`);
    if (missing.length > 0) {
      throw new Error(
        `No planting entry in test/e2e/personal-data-declarations.e2e-spec.ts PLANTING for:\n  ` +
          `${missing.join('\n  ')}\nSay how the API writes each one (or why it cannot).`,
      );
    }
  });

  it('writes a marker in every declared field through the API; pg_dump shows none of them', async () => {
    const declared = new Set(declaredFields().map((f) => f.key));
    const entries = planted().filter((e) => declared.has(e.key));
    let intake: IntakeOverrides = {};
    for (const { p } of entries) if (p.intake) intake = merge(intake, p.intake(p.insert.value));
    type Entry = ReturnType<typeof planted>[number];
    const done: Entry[] = [];
    // The marker each field holds: `insert`, or what `generate` answered for a value the server chose.
    const written = new Map<string, Marker>();
    const markerOf = ({ key, p }: Entry): Marker => written.get(key) ?? p.insert;
    // Each field holds its marker, encrypted (else the dump's silence would prove nothing), and the dump
    // taken right after its write shows none of the markers written so far.
    const check = async (batch: Entry[]): Promise<void> => {
      for (const e of batch) {
        const { key } = e;
        const marker = markerOf(e);
        const values = await stored(key);
        expect({ key, written: values.some((v) => v.plain.includes(seen(marker))) }).toEqual({
          key,
          written: true,
        });
        for (const v of values)
          expect({ key, raw: v.raw.includes(seen(marker)) }).toEqual({ key, raw: false });
      }
      done.push(...batch);
      const text = dump();
      for (const e of done) {
        const { key } = e;
        const find = markerOf(e).find;
        if (find) expect({ key, inDump: text.includes(find) }).toEqual({ key, inDump: false });
      }
    };
    ctx.caseId = (await createCase(api, await tokenOf(ctx.users.operator), intake)).id;
    await assignCase(api, await tokenOf(ctx.users.supervisor), ctx.caseId, ctx.users.counsellor.id);
    await check(entries.filter((e) => e.p.intake));
    for (const e of entries) {
      if (e.p.write) await e.p.write(ctx, e.p.insert.value);
      else if (e.p.generate) written.set(e.key, await e.p.generate(ctx));
      else continue;
      await check([e]);
    }
    // Fields written by another field's step (the closure request's own text).
    await check(entries.filter((e) => !e.p.intake && !e.p.write && !e.p.generate));
  });

  it('changes every field the API updates, and pg_dump shows none of the new markers', async () => {
    const declared = new Set(declaredFields().map((f) => f.key));
    const updates = planted().filter((e) => declared.has(e.key) && e.p.update);
    let patch: Record<string, unknown> = {};
    for (const { p } of updates) {
      if (p.update!.patch) patch = merge(patch, p.update!.patch(p.update!.marker.value));
    }
    const file = await ctx.ok(ctx.users.counsellor, 'GET', `/api/v1/cases/${ctx.caseId}`);
    await ctx.ok(ctx.users.counsellor, 'PATCH', `/api/v1/cases/${ctx.caseId}`, {
      version: file.version,
      ...patch,
    });
    // Records outside the case file change through their own routes.
    for (const { p } of updates) if (p.update!.write) await p.update!.write(ctx, p.update!.marker.value);
    for (const { key, p } of updates) {
      const values = await stored(key);
      const marker = seen(p.update!.marker);
      expect({ key, written: values.some((v) => v.plain.includes(marker)) }).toEqual({ key, written: true });
      for (const v of values) expect({ key, raw: v.raw.includes(marker) }).toEqual({ key, raw: false });
    }
    const text = dump();
    for (const { key, p } of updates) {
      const find = p.update!.marker.find;
      if (find) expect({ key, inDump: text.includes(find) }).toEqual({ key, inDump: false });
    }
  });

  it("retention's erasure blanks every declared column of the records tied to the case", async () => {
    const path = `/api/v1/cases/${ctx.caseId}`;
    await ctx.ok(ctx.users.counsellor, 'POST', `${path}/transitions`, {
      to: 'closed',
      reasonCode: 'goals_met',
    });
    await ctx.ok(ctx.users.supervisor2, 'POST', `${path}/closure/approve`, {});
    // The case closed long ago (as retention.e2e-spec.ts sets it up).
    await db.query(`UPDATE cases SET closed_at = now() - interval '20000 days' WHERE id = $1`, [ctx.caseId]);
    const result = await api.app.get(RetentionService).run();
    expect(result.cases.map((c) => c.id)).toContain(ctx.caseId);

    for (const decl of personalDataDeclarations()) {
      const where = caseCondition(decl);
      if (!where) continue;
      const rows = await db.query(`SELECT * FROM ${decl.table} WHERE ${where}`, [ctx.caseId]);
      // A planted record was found through the case (else the check below would prove nothing).
      const plantedHere = Object.values(decl.fields).some((f) => {
        const p = PLANTING[`${decl.table}.${f.column}`];
        return p !== undefined && 'insert' in p;
      });
      if (plantedHere)
        expect({ table: decl.table, found: rows.length > 0 }).toEqual({ table: decl.table, found: true });
      for (const row of rows) {
        for (const [column, erased] of Object.entries(decl.erasure(crypto))) {
          const value = row[column];
          const context = `${decl.table}.${column}`;
          const blank =
            erased === null
              ? value === null
              : Array.isArray(erased)
                ? value === null || (Array.isArray(value) && value.length === 0)
                : typeof value === 'string' &&
                  crypto.decrypt(value, context) === crypto.decrypt(erased, context);
          expect({ column: context, blank }).toEqual({ column: context, blank: true });
        }
      }
    }
  });
});
