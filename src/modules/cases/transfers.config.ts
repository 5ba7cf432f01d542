/**
 * The transfers' settings in config/cases.yaml (`transfers:`), checked with the rest of the file.
 *
 * senderKeeps: what the sending organisation keeps of a case it transferred. Only `reference_only` is
 *   built: its outgoing list shows the reference, the receiving organisation, the dates and the status,
 *   and nothing of the file (its staff get 404 on the case).
 * receivingTypes: the organisation types that may receive a case (keys of organization-types.yaml):
 *   those that hold cases, never a provider-only organisation.
 */
export interface TransfersConfig {
  readonly senderKeeps: 'reference_only';
  readonly receivingTypes: readonly string[];
}

export const DEFAULT_TRANSFERS: TransfersConfig = {
  senderKeeps: 'reference_only',
  receivingTypes: ['social_work_centre'],
};

const SENDER_KEEPS = ['reference_only'] as const;

/** The problems of the `transfers` mapping, each naming the setting. */
export function transfersProblems(raw: unknown, organizationTypes: readonly string[]): string[] {
  if (raw === undefined) return [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return ['transfers must be a mapping (senderKeeps, receivingTypes)'];
  const { senderKeeps, receivingTypes, ...rest } = raw as Record<string, unknown>;
  const problems = Object.keys(rest).map((k) => `transfers.${k}: unknown setting`);
  if (senderKeeps !== undefined && !SENDER_KEEPS.includes(senderKeeps as 'reference_only'))
    problems.push(`transfers.senderKeeps must be one of ${SENDER_KEEPS.join(', ')}`);
  if (receivingTypes !== undefined) {
    if (!Array.isArray(receivingTypes) || receivingTypes.length === 0)
      problems.push('transfers.receivingTypes must be a non-empty list of organisation types');
    else
      for (const t of receivingTypes as unknown[])
        if (typeof t !== 'string' || !organizationTypes.includes(t))
          problems.push(`transfers.receivingTypes: ${String(t)} is not an organisation type`);
  }
  return problems;
}

/** The settings once checked; what is left out takes its default. */
export function toTransfersConfig(raw: unknown): TransfersConfig {
  const r = (raw ?? {}) as Partial<TransfersConfig>;
  return {
    senderKeeps: r.senderKeeps ?? DEFAULT_TRANSFERS.senderKeeps,
    receivingTypes: r.receivingTypes ?? DEFAULT_TRANSFERS.receivingTypes,
  };
}
