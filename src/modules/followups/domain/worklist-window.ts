/**
 * The worklist's windows in Hanoi days (docs/DESIGN.md §5), on the Hanoi calendar of platform/time.
 */
import { hanoiDateOf, hanoiInstant } from '../../../platform/time';
export const WORKLIST_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const DUE_WINDOWS = ['overdue', 'today', 'week'] as const;
export type DueWindow = (typeof DUE_WINDOWS)[number];

/** due_at >= from (when set) and due_at < to (when set). */
export interface DueRange {
  readonly from: Date | null;
  readonly to: Date | null;
}

/** The instant the Hanoi day of `now` ends (the next Hanoi midnight), plus `extraDays` whole days. */
export function endOfHanoiDay(now: Date, extraDays = 0): Date {
  const today = hanoiDateOf(now);
  return hanoiInstant({ ...today, day: today.day + 1 + extraDays });
}

/**
 * overdue: due before now; today: from now to the end of today in Hanoi; week: from now to the end of
 * the seventh Hanoi day (today + 6); none: every open follow-up.
 */
export function dueRange(window: DueWindow | undefined, now: Date): DueRange {
  switch (window) {
    case 'overdue':
      return { from: null, to: now };
    case 'today':
      return { from: now, to: endOfHanoiDay(now) };
    case 'week':
      return { from: now, to: endOfHanoiDay(now, 6) };
    case undefined:
      return { from: null, to: null };
  }
}
