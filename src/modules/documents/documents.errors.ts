import { registerErrorCodes } from '../../platform/http';

/** The documents module's codes (config/i18n/{vi,en}/documents.yaml); params name limits, never values. */
export const DocumentsErrors = registerErrorCodes({
  /** {allowed}: the bytes are not a PDF, JPEG or PNG (whatever the name or the declared type). */
  DOCUMENT_TYPE_NOT_ALLOWED: 415,
  /** {maxBytes}: the file is larger than the limit. */
  DOCUMENT_TOO_LARGE: 413,
  /** {field}: the multipart form has no such part (file, kind). */
  DOCUMENT_PART_MISSING: 400,
  /** The body is not a well-formed multipart/form-data form, or has more parts than an upload. */
  DOCUMENT_FORM_INVALID: 400,
  /** The request is not multipart/form-data. */
  DOCUMENT_FORM_REQUIRED: 415,
  /** {field, max}: the file's name is empty or longer than the limit. */
  DOCUMENT_NAME_INVALID: 400,
  /** The document was destroyed (retention or removal): its content is gone. */
  DOCUMENT_DESTROYED: 410,
  /** {max}: the process carries as many uploads and downloads as it may at once; retry (Retry-After). */
  DOCUMENT_TRANSFERS_BUSY: 503,
  /** {field, allowed}: shared with the case module (same status). */
  UNKNOWN_CATALOGUE_KEY: 400,
});
