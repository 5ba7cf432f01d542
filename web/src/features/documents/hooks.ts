import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { uploadDocument } from './transfer';

export type CaseDocument = components['schemas']['DocumentDto'];

export function useDocuments(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId, 'documents'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cases/{id}/documents', { params: { path: { id: caseId } } })),
  });
}

export function useUploadDocument(caseId: string, onProgress: (fraction: number) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, kind }: { file: File; kind: string }) =>
      uploadDocument(caseId, file, kind, onProgress),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['case', caseId, 'documents'] }),
  });
}

export function useRemoveDocument(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (documentId: string) =>
      unwrap(
        await api.DELETE('/api/v1/cases/{id}/documents/{documentId}', {
          params: { path: { id: caseId, documentId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['case', caseId, 'documents'] }),
  });
}
