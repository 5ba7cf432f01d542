import { declarePersonalData, text } from '../../platform/crypto';

/**
 * The directory's personal data, declared once (docs/ARCHITECTURE.md "Personal data"): a provider's
 * contact. A safe house's address and phone must never show in a database dump, so every provider's are
 * encrypted; the access rules decide who sees a confidential provider's.
 */
export const PROVIDER_DATA = declarePersonalData({
  table: 'providers',
  idColumn: 'id',
  fields: { addressText: text('address_text_enc'), phone: text('phone_enc') },
});
