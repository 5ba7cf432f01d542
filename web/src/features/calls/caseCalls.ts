import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../app/i18n/format';
import { type Call, formatDuration } from './queries';

/** The most calls `GET /cases/:id/calls` answers (the API's own cap): at this many, older ones are left out. */
export const CASE_CALLS_SHOWN = 200;

/** The calls that concern a case, newest first (under ['case', id]: the file's refresh refreshes them). */
export function useCaseCalls(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId, 'calls'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/calls', { params: { path: { id: caseId } } })).items,
  });
}

/** One call of the case file as shown: Hanoi time, m:ss duration, and whether the reader took it. */
export interface CallLine {
  at: string;
  duration: string;
  byMe: boolean;
}

export function callLine(
  call: Pick<Call, 'startedAt' | 'durationSeconds' | 'operatorId'>,
  meId?: string,
): CallLine {
  return {
    at: formatDateTime(call.startedAt),
    duration: formatDuration(call.durationSeconds),
    byMe: meId !== undefined && call.operatorId === meId,
  };
}
