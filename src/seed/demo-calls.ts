import type { ClientBase } from 'pg';

/**
 * The call log (issue 15, item 9): one call per hotline case, by the operator who opened it, "case opened"
 * at the case's reception; and half as many again of the calls that become no case (information, silent,
 * test or prank, referral requests…) by the same operators over the same year. Nothing personal.
 */
export async function seedCalls(
  c: ClientBase,
  o: { now: Date; add: (table: string, n: number | null) => void },
): Promise<void> {
  const withCase = await c.query(
    `INSERT INTO calls (organization_id, operator_id, started_at, duration_seconds, channel, category, outcome,
                        case_id, record_key, created_at, updated_at)
     SELECT u.organization_id, c.created_by, c.received_at, 180 + floor(random() * 1500)::int, 'hotline',
            'gbv_disclosure', 'case_opened', c.id, floor(random() * 2147483647)::int, c.received_at, c.received_at
       FROM cases c JOIN users u ON u.id = c.created_by
      WHERE c.channel = 'hotline' AND 'hotline_operator' = ANY(u.roles)`,
  );
  o.add('calls', withCase.rowCount);
  const withoutCase = await c.query(
    `WITH ops AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(organization_id ORDER BY id) AS orgs
                    FROM users WHERE 'hotline_operator' = ANY(roles)),
          n AS (SELECT g, 1 + floor(random() * cardinality(ops.ids))::int AS k, random() AS r,
                       $1::timestamptz - random() * interval '365 days' AS at
                  FROM ops, generate_series(1, (SELECT count(*) FROM calls) / 2 + 20) AS g
                 WHERE cardinality(ops.ids) > 0)
     INSERT INTO calls (organization_id, operator_id, started_at, duration_seconds, channel, category, outcome,
                        record_key, created_at, updated_at)
     SELECT ops.orgs[n.k], ops.ids[n.k], n.at,
            CASE WHEN n.r < 0.35 THEN 20 + floor(random() * 60) ELSE 60 + floor(random() * 600) END::int, 'hotline',
            CASE WHEN n.r < 0.2 THEN 'silent' WHEN n.r < 0.35 THEN 'test_or_prank' WHEN n.r < 0.75 THEN 'information'
                 WHEN n.r < 0.9 THEN 'referral_request' ELSE 'other' END,
            CASE WHEN n.r < 0.35 THEN 'call_dropped' WHEN n.r < 0.75 THEN 'information_given'
                 WHEN n.r < 0.9 THEN 'referred' ELSE 'information_given' END,
            floor(random() * 2147483647)::int, n.at, n.at
       FROM n CROSS JOIN ops`,
    [o.now],
  );
  o.add('calls', withoutCase.rowCount);
}
