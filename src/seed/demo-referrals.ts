import type { ClientBase } from 'pg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CryptoService } from '../platform/crypto';
import { REFERRAL_TRANSITION_DATA } from '../modules/referrals';
import { DEMO_PROVIDERS, REFERRAL_SERVICE_WEIGHTS } from './demo-world';
import { weighted } from './demo-support';

const REASONS = [
  'Không còn chỗ trống trong tuần này (demo)',
  'Người được hỗ trợ đã chuyển đi nơi khác (demo)',
  'Dịch vụ không phù hợp với nhu cầu (demo)',
  'Người được hỗ trợ không muốn tiếp tục (demo)',
];
/**
 * The demo's referrals (over the temp table demo_providers), their transitions, the providers' partner
 * organisations and the stays of shelters; `add` counts the rows written per table.
 */
export async function seedReferrals(
  c: ClientBase,
  crypto: CryptoService,
  o: { dir: string; now: Date; givenBy: string[][]; add: (table: string, n: number | null) => void },
): Promise<void> {
  const { dir, now, givenBy, add } = o;
  // Referral consents of the demo cover every provider type, as a counsellor would record them here.
  await c.query(`UPDATE consents SET provider_types = $1 WHERE purpose = 'referral'`, [
    [...new Set(DEMO_PROVIDERS.map((p) => p.type))],
  ]);
  const dueHours = referralDueHours(dir);
  const offered = new Set(givenBy.flat());
  const svc = weighted(
    Object.fromEntries(Object.entries(REFERRAL_SERVICE_WEIGHTS).filter(([k]) => offered.has(k))),
  );
  const reasons = Array.from({ length: 40 }, (_, k) =>
    REFERRAL_TRANSITION_DATA.sealOne(crypto, 'reasonText', REASONS[k % REASONS.length] ?? 'demo'),
  );
  await c.query(
    `CREATE TEMP TABLE demo_reasons ON COMMIT DROP AS SELECT * FROM unnest($1::int[], $2::text[]) AS t(i, reason_enc)`,
    [reasons.map((_, k) => k + 1), reasons],
  );
  const referrals = await c.query(REFERRALS_SQL, [
    svc.keys,
    svc.thresholds,
    now,
    Object.keys(dueHours),
    Object.values(dueHours),
  ]);
  add('referrals', referrals.rowCount);
  // Beds held (accepted) or occupied (in service) never exceed a provider's capacity: the older ones
  // over it are moved on to completed, as if the stay had ended.
  await c.query(
    `UPDATE referrals r SET status = 'completed',
            started_at = coalesce(r.started_at, r.responded_at + (($1::timestamptz - r.responded_at) * 0.1)),
            ended_at = coalesce(r.started_at, r.responded_at + (($1::timestamptz - r.responded_at) * 0.1))
                       + least(interval '45 days', ($1::timestamptz - r.responded_at) * 0.5),
            services_provided = r.services
       FROM (SELECT r2.id, row_number() OVER (PARTITION BY r2.provider_id ORDER BY r2.sent_at DESC) AS k, p.capacity
               FROM referrals r2 JOIN demo_providers p ON p.id = r2.provider_id
              WHERE p.capacity IS NOT NULL AND r2.status IN ('accepted', 'in_service')) x
      WHERE r.id = x.id AND x.k > x.capacity`,
    [now],
  );
  await c.query(
    `UPDATE referrals SET completed_on = (ended_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
      WHERE status = 'completed' AND completed_on IS NULL`,
  );
  // Most follow-ups are done by their due time (the benchmarks' generation completes them around it).
  await c.query(
    `UPDATE follow_ups f SET completed_at = x.t, updated_at = x.t, reminder_stage = 0
       FROM (SELECT id, due_at - (due_at - created_at) * (0.5 * random()) AS t FROM follow_ups
              WHERE status = 'done' AND completed_at > due_at AND random() < 0.7) x
      WHERE f.id = x.id`,
  );
  const transitions = await c.query(TRANSITIONS_SQL);
  add('referral_transitions', transitions.rowCount);
  const partners = await c.query(
    `INSERT INTO provider_partner_organizations (provider_id, organization_id, source, added_at)
     SELECT provider_id, referring_organization_id, 'referral', min(sent_at) FROM referrals GROUP BY 1, 2`,
  );
  add('provider_partner_organizations', partners.rowCount);
  const stays = await c.query(
    `INSERT INTO stays (referral_id, case_id, reference, provider_id, organization_id, admitted_at, admitted_by,
                        discharged_at, discharged_by)
     SELECT r.id, r.case_id, r.reference, r.provider_id, r.recipient_organization_id, r.started_at, p.staff_id,
            CASE WHEN r.status <> 'in_service' THEN r.ended_at END,
            CASE WHEN r.status <> 'in_service' THEN p.staff_id END
       FROM referrals r JOIN demo_providers p ON p.id = r.provider_id
      WHERE p.type IN ('safe_house', 'trusted_address') AND r.started_at IS NOT NULL`,
  );
  add('stays', stays.rowCount);
}

/** Hours to answer by urgency, from config/referrals.yaml (1 / 24 / 72 when it cannot be read). */
function referralDueHours(dir: string): Record<string, number> {
  try {
    const raw = parse(readFileSync(join(dir, 'referrals.yaml'), 'utf8')) as {
      dueHours?: Record<string, number>;
    };
    if (raw.dueHours && Object.keys(raw.dueHours).length) return raw.dueHours;
  } catch {
    // the defaults below
  }
  return { emergency: 1, urgent: 24, routine: 72 };
}

/**
 * About three quarters of the cases with a referral consent get a referral (one in eight a second one), to
 * a provider giving the service; the status follows the referral's age (recent ones still waiting or in
 * service, older ones mostly completed), every time at or before now. Completed referrals record the
 * services given (sometimes one more).
 */
const REFERRALS_SQL = `
INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                       recipient_organization_id, services, urgency, consent_id, status, sent_at, due_by,
                       responded_at, responded_by, started_at, ended_at, services_provided, completed_on, version,
                       updated_at)
SELECT b.case_id, b.reference, b.organization_id, b.referred_by, p.id, p.organization_id, ARRAY[b.service],
       b.urgency, b.consent_id, st.status, b.sent_at,
       b.sent_at + ($5::int[])[array_position($4::text[], b.urgency)] * interval '1 hour',
       CASE WHEN st.status <> 'sent' AND st.status <> 'cancelled' THEN t.responded_at END,
       CASE WHEN st.status <> 'sent' AND st.status <> 'cancelled' THEN p.staff_id END,
       CASE WHEN st.status IN ('in_service', 'completed', 'not_completed') THEN t.started_at END,
       CASE WHEN st.status IN ('completed', 'not_completed') THEN t.ended_at
            WHEN st.status IN ('declined', 'cancelled') THEN t.responded_at END,
       CASE WHEN st.status = 'completed' THEN
              CASE WHEN random() < 0.25 AND b.service <> 'psychological_counselling'
                   THEN ARRAY[b.service, 'psychological_counselling'] ELSE ARRAY[b.service] END
            ELSE '{}' END,
       CASE WHEN st.status = 'completed' THEN (t.ended_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END,
       CASE st.status WHEN 'sent' THEN 1 WHEN 'accepted' THEN 2 WHEN 'declined' THEN 2 WHEN 'cancelled' THEN 2
                      WHEN 'in_service' THEN 3 ELSE 4 END,
       coalesce(t.ended_at, t.started_at, t.responded_at, b.sent_at)
  FROM (
    SELECT c.id AS case_id, c.reference, c.organization_id, coalesce(c.assignee_id, c.created_by) AS referred_by,
           co.id AS consent_id, n,
           least($3::timestamptz - interval '10 minutes',
                 co.given_at + (n - 1) * interval '20 days' + random() * interval '3 days') AS sent_at,
           ($1::text[])[width_bucket(random(), $2::float8[])] AS service,
           CASE WHEN c.risk_level IN ('high', 'critical') THEN (ARRAY['emergency', 'urgent'])[1 + floor(random() * 2)::int]
                WHEN random() < 0.3 THEN 'urgent' ELSE 'routine' END AS urgency
      FROM cases c
      JOIN consents co ON co.case_id = c.id AND co.purpose = 'referral'
      CROSS JOIN LATERAL generate_series(1, CASE WHEN random() < 0.12 AND c.id IS NOT NULL THEN 2 ELSE 1 END) AS n
     WHERE random() < 0.75
  ) b
  CROSS JOIN LATERAL (
    SELECT dp.* FROM demo_providers dp WHERE b.service = ANY(dp.services)
     ORDER BY md5(dp.id::text || b.case_id::text || b.n) LIMIT 1
  ) p
  CROSS JOIN LATERAL (SELECT extract(epoch FROM $3::timestamptz - b.sent_at) / 86400.0 AS age_days, random() AS u) a
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN a.age_days > 30 THEN (ARRAY['completed','not_completed','declined','cancelled','in_service'])[width_bucket(a.u, ARRAY[0,0.65,0.75,0.85,0.9])]
      WHEN a.age_days > 7 THEN (ARRAY['completed','in_service','accepted','declined','sent'])[width_bucket(a.u, ARRAY[0,0.3,0.65,0.8,0.9])]
      ELSE (ARRAY['sent','accepted','in_service','declined'])[width_bucket(a.u, ARRAY[0,0.45,0.8,0.95])]
    END AS status
  ) st
  CROSS JOIN LATERAL (
    SELECT b.sent_at + least(interval '2 days', ($3::timestamptz - b.sent_at) * 0.2) * random() AS responded_at
  ) r0
  CROSS JOIN LATERAL (
    SELECT r0.responded_at,
           r0.responded_at + least(interval '5 days', ($3::timestamptz - r0.responded_at) * 0.3) * random() AS started_at
  ) t0
  CROSS JOIN LATERAL (
    SELECT t0.responded_at, t0.started_at,
           t0.started_at + least(CASE WHEN b.service = 'shelter' THEN interval '45 days' ELSE interval '14 days' END,
                                 ($3::timestamptz - t0.started_at) * 0.9) * (0.2 + 0.8 * random()) AS ended_at
  ) t`;

/** The steps of each referral, in the order of the workflow; reasons (encrypted) on declines and ends not completed. */
const TRANSITIONS_SQL = `
INSERT INTO referral_transitions (referral_id, from_status, to_status, actor_id, at, reason_text_enc)
SELECT r.id, s.from_status, s.to_status,
       CASE WHEN s.to_status IN ('sent', 'cancelled') THEN r.referred_by ELSE coalesce(r.responded_by, r.referred_by) END,
       s.at,
       CASE WHEN s.to_status IN ('declined', 'not_completed', 'cancelled') THEN dr.reason_enc END
  FROM referrals r
  CROSS JOIN LATERAL (VALUES
    (1, NULL, 'sent', r.sent_at, true),
    (2, 'sent', 'accepted', r.responded_at, r.status IN ('accepted', 'in_service', 'completed', 'not_completed')),
    (2, 'sent', r.status, r.ended_at, r.status IN ('declined', 'cancelled')),
    (3, 'accepted', 'in_service', r.started_at, r.status IN ('in_service', 'completed', 'not_completed')),
    (4, 'in_service', r.status, r.ended_at, r.status IN ('completed', 'not_completed'))
  ) AS s(step, from_status, to_status, at, applies)
  LEFT JOIN demo_reasons dr ON dr.i = 1 + (abs(hashtext(r.id::text)) % 40)
 WHERE s.applies`;
