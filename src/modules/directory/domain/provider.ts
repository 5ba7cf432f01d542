import { DomainError } from '../../../platform/http/domain-error';

/**
 * The directory's pure rules (docs/DESIGN.md §4): what a provider must give, and which of its fields a caller
 * sees. Plain TypeScript; the service loads the rows and asks the access rules.
 */

/** A provider as stored, with the address and phone already decrypted (null when not given). */
export interface ProviderRecord {
  id: string;
  name: string;
  type: string;
  organizationId: string;
  provinceCode: string;
  communeCode: string;
  addressText: string | null;
  phone: string | null;
  hours: string | null;
  services: string[];
  areaServed: string[];
  capacity: number | null;
  acceptingReferrals: boolean;
  languages: string[];
  version: number;
  referringOrganizationIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** What a caller gets: the contact keys are absent (not null) when they are hidden from them. */
export interface ProviderView extends Omit<
  ProviderRecord,
  'addressText' | 'phone' | 'createdAt' | 'updatedAt'
> {
  addressText?: string | null;
  phone?: string | null;
  /** Present (true) on a provider whose contact is confidential, whether or not this caller sees it. */
  confidential?: true;
  createdAt: string;
  updatedAt: string;
}

/**
 * The record as this caller may see it. A confidential provider's address and phone appear only when
 * the access rules allow (`mayReadConfidential`); for every other provider they are shown to all.
 */
export function viewOfProvider(
  record: ProviderRecord,
  confidential: boolean,
  mayReadConfidential: boolean,
): ProviderView {
  const { addressText, phone, createdAt, updatedAt, ...rest } = record;
  const view: ProviderView = {
    ...rest,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
  if (!confidential || mayReadConfidential) {
    view.addressText = addressText;
    view.phone = phone;
  }
  if (confidential) view.confidential = true;
  return view;
}

/** Whether the view discloses a confidential contact (its reads are audited). */
export const disclosesConfidential = (view: ProviderView): boolean =>
  view.confidential === true && 'addressText' in view;

/**
 * A provider of a type that admits people (a safe house) must count its beds: capacity a whole number
 * above 0. Others may leave it out (null) or give 0 or more (the DTO checks the range).
 */
export function assertCapacity(
  type: string,
  capacity: number | null,
  capacityRequiredTypes: readonly string[],
): void {
  if (capacityRequiredTypes.includes(type) && (capacity === null || capacity < 1)) {
    throw new DomainError('PROVIDER_CAPACITY_REQUIRED', { field: 'capacity', type });
  }
}

/** The type must be the type of the provider's organisation (its staff answer the referrals). */
export function assertTypeOfOrganization(type: string, organizationType: string): void {
  if (type !== organizationType) {
    throw new DomainError('PROVIDER_TYPE_MISMATCH', { field: 'type', organizationType });
  }
}

/** `%` and `_` typed in a search are letters, not wildcards. */
export const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
