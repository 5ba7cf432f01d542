import type { Client } from 'pg';

/**
 * The migrations runner's own statements, on the server's maintenance database (not Haven's): whether
 * Haven's database exists, and creating it. TypeORM runs the migrations themselves.
 */
export class MigrationsRepository {
  constructor(private readonly admin: Pick<Client, 'query'>) {}

  async databaseExists(name: string): Promise<boolean> {
    const { rowCount } = await this.admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (rowCount ?? 0) > 0;
  }

  /** CREATE DATABASE takes no parameters: the name is quoted as an identifier. */
  async createDatabase(name: string): Promise<void> {
    await this.admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  }
}
