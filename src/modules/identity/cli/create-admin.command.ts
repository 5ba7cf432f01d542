import { Injectable } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DomainError } from '../../../platform/http';
import { translate } from '../../../platform/i18n';
import { ADMIN_ROLE } from '../domain/roles';
import { USERNAME_PATTERN } from '../dto/user.dto';
import { OrganizationRepository } from '../organizations/organization.repository';
import { OrganizationsService } from '../organizations/organizations.service';
import { UserCreationService } from '../users/user-creation.service';
import { UserRepository } from '../users/user.repository';

export interface CreateAdminInput {
  username: string;
  password: string;
  displayName?: string;
  /** An existing organisation. */
  organizationId?: string;
  /** The organisation by name: used when it exists, else created as a 'department' in `province`. */
  organizationName?: string;
  province?: string;
  /** Allow an admin when an enabled one exists already (recovery). */
  additional?: boolean;
}

export interface CreateAdminResult {
  userId: string;
  organizationId: string;
  organizationCreated: boolean;
}

/**
 * Makes an administrator: the only way to make the first one (Haven has no default accounts). The
 * organisation is --organization <id>, or --organization-name (created as a 'department' in --province,
 * 01 by default, when no organisation has that name), or the only organisation there is. It refuses a
 * weak password, and refuses to run when an enabled admin exists unless --additional is given.
 */
@Injectable()
export class CreateAdmin {
  constructor(
    private readonly users: UserRepository,
    private readonly userCreation: UserCreationService,
    private readonly organizations: OrganizationsService,
    private readonly organizationRecords: OrganizationRepository,
  ) {}

  async run(input: CreateAdminInput): Promise<CreateAdminResult> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username))
      throw new CreateAdminError('the username must be 3–64 of a-z, 0-9, ".", "_" or "-"');
    if (!input.additional && (await this.users.enabledAdminExists()))
      throw new CreateAdminError(
        'an administrator exists already: create further ones through the API, or pass --additional',
      );
    // Everything that can be refused is checked before anything is written.
    this.userCreation.assertAcceptable({ username, password: input.password, roles: [ADMIN_ROLE] });
    const { organizationId, created } = await this.organization(input);
    const user = await this.userCreation.createBySystem({
      username,
      displayName: input.displayName?.trim() || username,
      password: input.password,
      roles: [ADMIN_ROLE],
      organizationId,
    });
    return { userId: user.id, organizationId, organizationCreated: created };
  }

  private async organization(input: CreateAdminInput): Promise<{ organizationId: string; created: boolean }> {
    if (input.organizationId)
      return { organizationId: (await this.organizations.get(input.organizationId)).id, created: false };
    if (input.organizationName) {
      const existing = await this.organizationRecords.findByName(input.organizationName.trim());
      if (existing) return { organizationId: existing.id, created: false };
      const org = await this.organizations.createBySystem({
        name: input.organizationName.trim(),
        type: 'department',
        provinceCode: input.province ?? '01',
      });
      return { organizationId: org.id, created: true };
    }
    const some = await this.organizationRecords.pageByName(undefined, 2);
    const only = some[0];
    if (some.length === 1 && only) return { organizationId: only.id, created: false };
    throw new CreateAdminError(
      some.length === 0
        ? 'there is no organisation yet: give --organization-name (and --province) to create one'
        : 'there are several organisations: choose one with --organization <id>',
    );
  }
}

export class CreateAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CreateAdminError';
  }
}

/** Reads the password from HAVEN_ADMIN_PASSWORD, else the first line of standard input. */
export async function readAdminPassword(
  env: NodeJS.ProcessEnv = process.env,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  const fromEnv = env.HAVEN_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if ((stdin as NodeJS.ReadStream).isTTY) process.stderr.write('Password for the new administrator: ');
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** The command line's options, as commander names them. */
interface CreateAdminOptions {
  displayName?: string;
  organization?: string;
  organizationName?: string;
  province?: string;
  additional?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Command({
  name: 'create-admin',
  arguments: '<username>',
  description:
    'Creates an administrator (password from HAVEN_ADMIN_PASSWORD or standard input); the only way to make the first one',
})
export class CreateAdminCommand extends CommandRunner {
  constructor(private readonly createAdmin: CreateAdmin) {
    super();
  }

  async run(params: string[], options: CreateAdminOptions): Promise<void> {
    const [username] = params;
    try {
      const password = await readAdminPassword();
      if (!password)
        throw new CreateAdminError('no password: set HAVEN_ADMIN_PASSWORD or give it on standard input');
      const r = await this.createAdmin.run({
        username: username ?? '',
        password,
        displayName: options.displayName,
        organizationId: options.organization,
        organizationName: options.organizationName,
        province: options.province,
        additional: options.additional,
      });
      if (r.organizationCreated) process.stdout.write(`organisation created: ${r.organizationId}\n`);
      process.stdout.write(`administrator created: ${r.userId} in organisation ${r.organizationId}\n`);
    } catch (e) {
      process.stderr.write(`create-admin refused: ${describe(e)}\n`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--display-name <name>', description: 'the name shown for the administrator' })
  parseDisplayName(value: string): string {
    return value;
  }

  @Option({ flags: '--organization <id>', description: 'an existing organisation' })
  parseOrganization(value: string): string {
    if (!UUID.test(value)) throw new Error('--organization must be an organisation id');
    return value;
  }

  @Option({
    flags: '--organization-name <name>',
    description: "the organisation by name; created as a 'department' when none has that name",
  })
  parseOrganizationName(value: string): string {
    return value;
  }

  @Option({
    flags: '--province <code>',
    description: 'province of a created organisation (default 01, Hà Nội)',
  })
  parseProvince(value: string): string {
    if (!/^\d{2}$/.test(value)) throw new Error('--province must be a two-digit province code');
    return value;
  }

  @Option({ flags: '--additional', description: 'allow it when an enabled administrator exists already' })
  parseAdditional(): boolean {
    return true;
  }
}

/** A refusal a person can act on; coded errors in English, never data. */
function describe(e: unknown): string {
  if (e instanceof CreateAdminError) return e.message;
  if (e instanceof DomainError) return `${e.code}: ${translate(e.code, 'en', e.params)}`;
  return e instanceof Error ? e.name : 'unexpected error';
}

export const IDENTITY_COMMANDS = [CreateAdmin, CreateAdminCommand];
