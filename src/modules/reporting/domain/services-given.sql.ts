/**
 * Every service given, from the two places the file records one (docs/ARCHITECTURE.md "Safety plan and
 * services given"): each service a completed referral provided (dated by its completion day), and each
 * service recorded on the case itself (reporting_case_services, removed entries aside; dated by the day it
 * was given). One row per unit: case_id, unit_id (distinct across both sources), service, given_on.
 *
 * No double counting: an entry recorded on the case for the same service, on the same day, as a completed
 * referral of the same case is taken to record that referral's service, and counts once (the referral's).
 * Counts of people (survivors.served) count each case once whatever the number of rows.
 */
export const SERVICES_GIVEN = `(
  SELECT rf.case_id, 'referral:' || rf.referral_id::text || ':' || sp.value AS unit_id, sp.value AS service,
         rf.completed_on AS given_on
    FROM reporting_referrals rf CROSS JOIN LATERAL unnest(rf.services_provided) AS sp(value)
   WHERE rf.status = 'completed'
  UNION ALL
  SELECT cs.case_id, 'case:' || cs.case_service_id::text AS unit_id, cs.service_key AS service, cs.given_on
    FROM reporting_case_services cs
   WHERE NOT EXISTS (SELECT 1 FROM reporting_referrals r2
                      WHERE r2.case_id = cs.case_id AND r2.status = 'completed'
                        AND r2.completed_on = cs.given_on AND cs.service_key = ANY(r2.services_provided))
)`;
