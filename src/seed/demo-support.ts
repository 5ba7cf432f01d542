import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { hanoiDateOf } from '../platform/time';

/** Keys and the cumulative thresholds of their weights, for SQL's width_bucket(random(), thresholds). */
export function weighted(entries: Record<string, number>): { keys: string[]; thresholds: number[] } {
  const keys = Object.keys(entries);
  const total = keys.reduce((s, k) => s + (entries[k] ?? 0), 0);
  const thresholds: number[] = [];
  let acc = 0;
  for (const k of keys) {
    thresholds.push(acc / total);
    acc += entries[k] ?? 0;
  }
  return { keys, thresholds };
}

/** The items of a catalogue file (none when it cannot be read). */
export function catalogueItems<T extends { key: string }>(dir: string, file: string): T[] {
  try {
    const raw = parse(readFileSync(join(dir, 'catalogues', file), 'utf8')) as { items?: T[] };
    return raw.items ?? [];
  } catch {
    return [];
  }
}

/** The half-years (YYYY-H1|H2) of `at` in Hanoi time and the one before it. */
export function currentAndPreviousHalfYears(at: Date): [string, string] {
  const { year, month } = hanoiDateOf(at);
  const half = month <= 6 ? 1 : 2;
  return half === 2 ? [`${year}-H2`, `${year}-H1`] : [`${year}-H1`, `${year - 1}-H2`];
}
