import { registerErrorCodes } from '../http/domain-error';

export const CatalogueErrors = registerErrorCodes({
  CATALOGUE_NOT_FOUND: 404,
});
