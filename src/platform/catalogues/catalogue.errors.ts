import { registerErrorCodes } from '../http/domain-error';

export const CatalogueErrors = registerErrorCodes({
  CATALOGUE_NOT_FOUND: 404,
  // Answered by the validation pipe when unknown keys are an input's only problems (catalogue-key.ts).
  UNKNOWN_CATALOGUE_KEY: 400,
});

/** Every code this module throws. */
export type CatalogueErrorCode = keyof typeof CatalogueErrors;
