import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

/** The case search: what is searched for travels in the body, never in the URL. */
export function useSearchCases() {
  return useMutation({
    mutationFn: async (body: components['schemas']['SearchCasesDto']) =>
      unwrap(await api.POST('/api/v1/cases/search', { body })),
  });
}
