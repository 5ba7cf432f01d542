import { ApiError, api, unwrap } from '../../api/client';
import { session } from '../../app/auth/session';
import { currentLanguage } from '../../app/i18n/language';
import { saveBlob } from '../../shared/download';
import { newKey } from '../../shared/newKey';

/** The largest file the API takes (checked here first, so a too-large file is not sent at all). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const documentsPath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}/documents`;

function send(
  caseId: string,
  form: FormData,
  key: string,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', documentsPath(caseId));
    // The token goes in a header, as the API client sends it, never in the address.
    const token = session.get().accessToken;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept-language', currentLanguage());
    xhr.setRequestHeader('idempotency-key', key);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => {
      reject(new ApiError(0, 'NETWORK_ERROR', ''));
    };
    xhr.send(form);
  });
}

/**
 * Uploads a file with progress (XMLHttpRequest: fetch reports no upload progress). On a 401 the session
 * is refreshed by one request through the API client, then the upload is sent once more with the same
 * Idempotency-Key (it is never stored twice).
 */
export async function uploadDocument(
  caseId: string,
  file: File,
  kind: string,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  const key = `doc-${newKey()}`;
  let res = await send(caseId, form, key, onProgress);
  if (res.status === 401) {
    await api.GET('/api/v1/auth/me');
    res = await send(caseId, form, key, onProgress);
  }
  if (res.status >= 200 && res.status < 300) return res.body;
  const e = (res.body ?? {}) as { code?: string; message?: string };
  throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? '');
}

/**
 * Downloads a document through the API client's fetch (token in the header, refreshed on a 401), then
 * saves it: a blob address that lives only for the click, never the API's address with a token.
 */
export async function downloadDocument(caseId: string, documentId: string, name: string): Promise<void> {
  const blob: Blob = unwrap<Blob>(
    await api.GET('/api/v1/cases/{id}/documents/{documentId}', {
      params: { path: { id: caseId, documentId } },
      parseAs: 'blob',
    }),
  );
  saveBlob(blob, name);
}
