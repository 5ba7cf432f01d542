import { registerErrorCodes } from '../../platform/http';

/** The directory's codes (config/i18n/{vi,en}/directory.yaml); params name fields, never values. */
export const DirectoryErrors = registerErrorCodes({
  /** {field, allowed}: a value that is not a key of its catalogue (the same code as the case module's). */
  UNKNOWN_CATALOGUE_KEY: 400,
  /** {field}: no organisation has this id. */
  PROVIDER_ORGANIZATION_UNKNOWN: 422,
  /** {field, organizationType}: a provider's type is its organisation's type. */
  PROVIDER_TYPE_MISMATCH: 422,
  /** {field}: not a province code. */
  PROVIDER_PROVINCE_UNKNOWN: 422,
  /** {field}: not a commune-level unit in force. */
  PROVIDER_COMMUNE_UNKNOWN: 422,
  /** {field, other}: the commune is not in the province given. */
  PROVIDER_COMMUNE_OUTSIDE_PROVINCE: 422,
  /** {field, type}: this type of provider must give its capacity (beds, above 0). */
  PROVIDER_CAPACITY_REQUIRED: 422,
  /** {field}: the organisation already has a provider of this name. */
  PROVIDER_NAME_TAKEN: 409,
});

/** Every code this module throws. */
export type DirectoryErrorCode = keyof typeof DirectoryErrors;
