import { EncryptedColumn, registerEncryptedColumns } from '../../platform/crypto';

/**
 * The directory's encrypted columns (context "<table>.<column>"), for key rotation
 * (npm run cli -- keys:rotate): a safe house's address and phone must not show in a database dump.
 */
const columns: EncryptedColumn[] = [
  { table: 'providers', idColumn: 'id', column: 'address_text_enc' },
  { table: 'providers', idColumn: 'id', column: 'phone_enc' },
];

registerEncryptedColumns(...columns);

export const ADDRESS_CONTEXT = 'providers.address_text_enc';
export const PHONE_CONTEXT = 'providers.phone_enc';
