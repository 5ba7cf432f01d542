import type { FigureRepository } from '../figure.repository';
import {
  casesReceived,
  followUpsDue,
  medianDaysToFirstService,
  referralsCompleted,
  referralsSent,
  survivorsServed,
} from './case-measures.sql';
import { keysOf } from './measure';
import type { Measure, MeasureRequest } from './measure';

/**
 * The measures over cases, referrals and follow-ups (through the reporting views; statements in
 * case-measures.sql.ts). Each counts records about people and returns its key sum, so the caller publishes
 * it under the cell-key rule. The case's commune, province and organisation place every record
 * (docs/DESIGN.md §6: the survivor's commune).
 */
export function caseMeasures(figures: FigureRepository): Measure[] {
  return [
    {
      id: 'cases.received',
      filters: { channel: { kind: 'catalogue', catalogue: 'channels' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) =>
        figures.count(casesReceived(scope, period, keysOf(filters.channel))),
    },
    {
      id: 'survivors.served',
      filters: { service: { kind: 'catalogue', catalogue: 'services' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) =>
        figures.count(survivorsServed(scope, period, keysOf(filters.service))),
    },
    {
      id: 'referrals.sent',
      filters: { service: { kind: 'catalogue', catalogue: 'services' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) =>
        figures.count(referralsSent(scope, period, keysOf(filters.service))),
    },
    {
      id: 'referrals.completed',
      filters: { service: { kind: 'catalogue', catalogue: 'services' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) =>
        figures.count(referralsCompleted(scope, period, keysOf(filters.service))),
    },
    {
      id: 'referrals.median_days_to_first_service',
      filters: {},
      evaluate: ({ scope, period }: MeasureRequest) =>
        figures.median(medianDaysToFirstService(scope, period)),
    },
    {
      // Follow-ups due in the period, cancelled ones aside.
      id: 'follow_ups.due',
      filters: { kind: { kind: 'catalogue', catalogue: 'follow-up-kinds' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) =>
        figures.count(followUpsDue(scope, period, keysOf(filters.kind), false)),
    },
    {
      // Of those, the ones done by their due time.
      id: 'follow_ups.done_on_time',
      filters: { kind: { kind: 'catalogue', catalogue: 'follow-up-kinds' } },
      evaluate: ({ scope, period, filters }: MeasureRequest) =>
        figures.count(followUpsDue(scope, period, keysOf(filters.kind), true)),
    },
  ];
}
