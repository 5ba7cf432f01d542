import { dictionary } from '@zxcvbn-ts/language-common';

let list: Set<string> | undefined;

/**
 * The common-password list: about 49,000 passwords seen most often in breaches, as shipped by
 * @zxcvbn-ts/language-common (data, not code). Loaded once, on first use.
 */
export function isCommonPassword(lowerCased: string): boolean {
  list ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return list.has(lowerCased);
}
