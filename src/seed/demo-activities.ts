import type { ClientBase } from 'pg';
import { CryptoService } from '../platform/crypto';
import { ACTIVITY_DATA } from '../modules/activities';
import { DEMO_ACTIVITY_KINDS, DEMO_AUDIENCES, DEMO_DENOMINATOR_KEYS } from './demo-world';
import { catalogueItems, currentAndPreviousHalfYears, weighted } from './demo-support';

const ACTIVITY_NOTES = [
  'Có sự tham gia của hội phụ nữ và đoàn thanh niên (demo)',
  'Phát tài liệu về Luật Phòng, chống bạo lực gia đình (demo)',
  'Giới thiệu số đường dây nóng và địa chỉ tin cậy (demo)',
];

/**
 * Community activities over the communes (the last twelve months) and the indicator denominators of this
 * half-year and the last; `add` counts the rows written per table.
 */
export async function seedActivities(
  c: ClientBase,
  crypto: CryptoService,
  o: {
    dir: string;
    now: Date;
    cases: number;
    communes: { code: string; name: string }[];
    orgId: (name: string) => string;
    managerId: string;
    supervisorId: string;
    add: (table: string, n: number | null) => void;
  },
): Promise<void> {
  const { dir, now, cases, communes, orgId, managerId, supervisorId, add } = o;
  const fromCatalogue = catalogueItems<{
    key: string;
    project?: number;
    model?: number | null;
    vi?: string;
  }>(dir, 'activity-kinds.yaml');
  const known = DEMO_ACTIVITY_KINDS.map((k) => {
    const item = fromCatalogue.find((x) => x.key === k.key);
    return {
      ...k,
      project: typeof item?.project === 'number' ? item.project : k.project,
      model:
        item && 'model' in item && (typeof item.model === 'number' || item.model === null)
          ? item.model
          : k.model,
      title: item?.vi ?? k.title,
    };
  }).filter((k) => fromCatalogue.length === 0 || fromCatalogue.some((x) => x.key === k.key));
  // A catalogue that names none of the demo's kinds: its own kinds, evenly.
  const kinds = known.length
    ? known
    : fromCatalogue.map((x) => ({
        key: x.key,
        project: typeof x.project === 'number' ? x.project : 1,
        model: typeof x.model === 'number' ? x.model : null,
        weight: 10,
        title: x.vi ?? x.key,
      }));
  const audiencesFromCatalogue = catalogueItems<{ key: string }>(dir, 'activity-audiences.yaml').map(
    (x) => x.key,
  );
  const audiences = audiencesFromCatalogue.length ? audiencesFromCatalogue : DEMO_AUDIENCES;
  const notes = ACTIVITY_NOTES.map((n) => ACTIVITY_DATA.sealOne(crypto, 'notes', n));
  const kindW = weighted(Object.fromEntries(kinds.map((k) => [k.key, k.weight])));
  const activityOrgs = [
    orgId('Trung tâm Công tác xã hội Hoa Sen (demo)'),
    orgId('Trung tâm Công tác xã hội Sông Nhị (demo)'),
    orgId('Ủy ban nhân dân xã Mẫu Sơn (demo)'),
    orgId('Ủy ban nhân dân phường Mẫu Hòa (demo)'),
  ];
  const activities = await c.query(ACTIVITIES_SQL, [
    Math.max(60, Math.round(cases / 3)),
    communes.map((x) => x.code),
    communes.map((x) => x.name),
    kindW.keys,
    kindW.thresholds,
    kinds.map((k) => k.project),
    kinds.map((k) => k.model),
    kinds.map((k) => k.title),
    audiences,
    notes,
    activityOrgs,
    [managerId, supervisorId],
    now,
  ]);
  add('activities', activities.rowCount);

  // --- indicator denominators: this half-year and the last, per commune and for the city -----------------
  // Sized against the default 4,000 cases' activities (a third as many a year), so that the reach
  // indicators show partial progress (roughly 50–90 %) rather than 2 % or 400 %.
  const denominatorKeys = catalogueItems<{ key: string }>(dir, 'denominator-keys.yaml').map((x) => x.key);
  const periods = currentAndPreviousHalfYears(now);
  const denominators = await c.query(
    `WITH per_commune AS (
       SELECT p.period, g.code, k.key,
              CASE k.key WHEN 'officials' THEN 60 + floor(random() * 100)
                         WHEN 'students' THEN 30 + floor(random() * 90)
                         WHEN 'residential_clusters' THEN 6 + floor(random() * 25)
                         WHEN 'ge_staff' THEN 10 + floor(random() * 20)
                         ELSE 10 + floor(random() * 90) END::int AS value
         FROM unnest($1::text[]) AS p(period), unnest($2::text[]) AS g(code), unnest($3::text[]) AS k(key)
     )
     INSERT INTO indicator_denominators (period, province_code, commune_code, key, value, updated_by, updated_at)
     SELECT period, '01', code, key, value, $4::uuid, $5::timestamptz FROM per_commune
     UNION ALL
     SELECT period, '01', '', key, sum(value)::int, $4::uuid, $5::timestamptz FROM per_commune GROUP BY period, key`,
    [
      periods,
      communes.map((x) => x.code),
      denominatorKeys.length ? denominatorKeys : DEMO_DENOMINATOR_KEYS,
      managerId,
      now,
    ],
  );
  add('indicator_denominators', denominators.rowCount);
}

/**
 * N activities over the last twelve months, in the communes (weighted towards a few busy ones, every
 * commune some), by the centres and the commune offices; participants by kind, a youth count when youth
 * are in the audience, residential clusters for campaigns and sessions; a note for one in five.
 */
const ACTIVITIES_SQL = `
INSERT INTO activities (kind, project, model, title, date, province_code, commune_code, organization_id, audience,
                        participants_female, participants_male, participants_other, youth_participants,
                        residential_clusters_reached, notes_enc, created_by, created_at, updated_at)
SELECT x.kind, ($6::int[])[x.ki], ($7::int[])[x.ki],
       ($8::text[])[x.ki] || ' tại ' || ($3::text[])[x.ci] || ' (demo)',
       (($13::timestamptz - x.days_ago * interval '1 day') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
       '01', ($2::text[])[x.ci], ($11::uuid[])[1 + floor(random() * array_length($11::uuid[], 1))::int], x.aud,
       floor(x.size * (0.55 + 0.2 * random()))::int, floor(x.size * (0.25 + 0.15 * random()))::int,
       CASE WHEN random() < 0.1 THEN 1 ELSE 0 END,
       CASE WHEN 'youth' = ANY(x.aud) OR 'students' = ANY(x.aud) THEN floor(x.size * (0.3 + 0.5 * random()))::int END,
       CASE WHEN x.kind IN ('communication_campaign', 'awareness_session') THEN 1 + floor(random() * 8)::int END,
       CASE WHEN random() < 0.2 THEN ($10::text[])[1 + floor(random() * array_length($10::text[], 1))::int] END,
       ($12::uuid[])[1 + floor(random() * 2)::int],
       $13::timestamptz - x.days_ago * interval '1 day' + interval '2 hours',
       $13::timestamptz - x.days_ago * interval '1 day' + interval '2 hours'
  FROM (
    SELECT ($4::text[])[kb] AS kind, kb AS ki,
           CASE WHEN g <= array_length($2::text[], 1) THEN g
                ELSE 1 + floor(power(random(), 1.8) * array_length($2::text[], 1))::int END AS ci,
           floor(random() * 365)::int AS days_ago,
           ARRAY(SELECT a FROM unnest($9::text[]) a WHERE random() < 0.15 + 0 * g ORDER BY a)
             || CASE ($4::text[])[kb] WHEN 'training_course' THEN ARRAY['ge_staff', 'officials']
                                      WHEN 'club_meeting' THEN ARRAY['residents', 'women_leaders']
                                      WHEN 'convention_revision' THEN ARRAY['village_heads', 'residents']
                                      ELSE ARRAY['residents'] END AS aud0,
           CASE ($4::text[])[kb] WHEN 'communication_campaign' THEN 80 + random() * 400
                                 WHEN 'training_course' THEN 15 + random() * 30
                                 WHEN 'club_meeting' THEN 10 + random() * 25
                                 WHEN 'convention_revision' THEN 15 + random() * 40
                                 ELSE 20 + random() * 60 END AS size
      FROM generate_series(1, $1::int) AS g,
           LATERAL (SELECT width_bucket(random() + 0 * g, $5::float8[]) AS kb) k
  ) x0
  CROSS JOIN LATERAL (SELECT x0.*, ARRAY(SELECT DISTINCT a FROM unnest(x0.aud0) a WHERE a = ANY($9::text[]) ORDER BY a) AS aud) x`;
