/**
 * Disclosure control of every figure that leaves the reporting module (docs/DESIGN.md §6): small cells and the
 * cell-key method. Pure and deterministic: the same records always publish the same figure.
 *
 * The cell key: every case carries a fixed random `record_key` (0..2^31-1). A cell's key is the sum of the
 * record keys of the records it counts (SQL `sum(record_key)::text`, read as a BigInt), taken mod 2^32 and
 * mixed by a 32-bit integer hash (lowbias32). The mixed key picks the noise from the p-table:
 *
 *   p-table: noise uniform over the integers -maxNoise..+maxNoise, each with probability 1/(2·maxNoise+1)
 *   (index = hash mod (2·maxNoise+1); the modulo bias over 2^32 values is below 2^-29).
 *
 * A uniform table is the one that leaks least under differencing: T1 − T2 = hidden + n1 − n2 equals the
 * hidden count only when n1 = n2, which happens with probability Σ p² = 1/(2·maxNoise+1), no more often
 * than a uniform guess among the 2·maxNoise+1 values the difference could stand for.
 *
 * Publishing: 0 stays 0 (an empty cell holds no one); 1..threshold-1 is the string `<threshold`; larger
 * counts get the noise, and a perturbed value that falls below the threshold is also shown as `<threshold`
 * (so a published number is never a small count, and a number below the threshold is never shown).
 */

export interface DisclosureRule {
  method: 'cell_key';
  /** The largest absolute noise added to a count. */
  maxNoise: number;
  /** Counts from 1 to threshold - 1 are shown as `<threshold`. */
  threshold: number;
}

/** A published count: a number, or the small-cell marker (`"<5"`). */
export type Published = number | string;

const TWO_32 = 1n << 32n;

/** lowbias32 (C. Wellons' 32-bit integer hash): good avalanche, so near keys give unrelated noise. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The cell's noise in -maxNoise..+maxNoise, a function of its key sum only. */
export function cellNoise(keySum: bigint, maxNoise: number): number {
  const width = 2 * maxNoise + 1;
  if (width <= 1) return 0;
  const key = Number(((keySum % TWO_32) + TWO_32) % TWO_32);
  return (mix32(key) % width) - maxNoise;
}

/** The small-cell marker of a rule, e.g. "<5". */
export const smallCell = (rule: DisclosureRule): string => `<${rule.threshold}`;

/** The figure to publish for a cell of `count` records whose record keys sum to `keySum`. */
export function publish(count: number, keySum: bigint, rule: DisclosureRule): Published {
  if (count <= 0) return 0;
  if (count < rule.threshold) return smallCell(rule);
  const value = count + cellNoise(keySum, rule.maxNoise);
  return value < rule.threshold ? smallCell(rule) : value;
}

/** A number from a published figure, or null when it is suppressed. */
export const publishedNumber = (p: Published): number | null => (typeof p === 'number' ? p : null);

/** Parses `sum(record_key)::text` (null for an empty cell) into the key sum. */
export const keySumOf = (text: string | null | undefined): bigint => (text ? BigInt(text) : 0n);
