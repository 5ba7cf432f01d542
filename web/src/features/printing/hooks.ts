import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { fileNameOf, saveBlob } from '../../shared/download';

export type PrintCaseBody = components['schemas']['PrintCaseDto'];

/** POST /cases/:id/print with the purpose and reason in the body; the PDF is saved, never opened in a tab. */
export function usePrintCase(id: string) {
  return useMutation({
    mutationFn: async (body: PrintCaseBody) => {
      const result = await api.POST('/api/v1/cases/{id}/print', {
        params: { path: { id } },
        body,
        parseAs: 'blob',
      });
      const blob = unwrap(result);
      saveBlob(blob, fileNameOf(result.response, 'ho-so.pdf'));
    },
  });
}

/** POST /referrals/:id/print: the referral's form for a provider outside Haven. */
export function usePrintReferral(id: string) {
  return useMutation({
    mutationFn: async () => {
      const result = await api.POST('/api/v1/referrals/{id}/print', {
        params: { path: { id } },
        parseAs: 'blob',
      });
      const blob = unwrap(result);
      saveBlob(blob, fileNameOf(result.response, 'phieu-chuyen-gui.pdf'));
    },
  });
}
