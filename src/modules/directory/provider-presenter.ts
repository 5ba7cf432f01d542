import { Inject, Injectable } from '@nestjs/common';
import type { Queryable } from '../../platform/database';
import { Actor } from '../../platform/http';
import { AccessRecord, AccessService } from '../access';
import { AuditService } from '../audit';
import { DIRECTORY_CONFIG, DirectoryConfig } from './directory.config';
import { disclosesConfidential, ProviderView, viewOfProvider } from './domain/provider';
import { ProviderRepository, StoredProvider } from './provider.repository';

export const accessRecordOf = (p: StoredProvider): AccessRecord => ({
  id: p.id,
  organizationId: p.organizationId,
});

/**
 * A provider as a caller sees it: a confidential provider's (config/directory.yaml) contact is decrypted
 * only for callers the access rules allow (provider.read_confidential), and each such read is audited.
 */
@Injectable()
export class ProviderPresenter {
  constructor(
    @Inject(DIRECTORY_CONFIG) private readonly config: DirectoryConfig,
    private readonly providers: ProviderRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  isConfidential(type: string): boolean {
    return this.config.confidentialTypes.includes(type);
  }

  /** The provider by id, in the transaction that has just written it. */
  async presentById(m: Queryable, actor: Actor, id: string): Promise<ProviderView> {
    const p = await this.providers.findById(m, id);
    if (!p) throw new Error('provider vanished inside its own transaction');
    return this.presentChecked(m, actor, p);
  }

  /** Asks the access rules whether this caller sees the contact, in the transaction (new partners count). */
  async presentChecked(m: Queryable, actor: Actor, p: StoredProvider): Promise<ProviderView> {
    const may =
      this.isConfidential(p.type) &&
      (await this.access.can(actor.user, 'provider.read_confidential', accessRecordOf(p), {
        manager: m,
      })) === 'allow';
    return this.present(m, actor, p, may);
  }

  /** The caller's view; a disclosed confidential contact is decrypted and its read audited. */
  async present(
    m: Queryable,
    actor: Actor,
    p: StoredProvider,
    mayReadConfidential: boolean,
  ): Promise<ProviderView> {
    const confidential = this.isConfidential(p.type);
    const discloses = !confidential || mayReadConfidential;
    // Decrypted only when it will be shown.
    const contact = discloses ? this.providers.openContact(p) : { addressText: null, phone: null };
    const { sealedContact: _sealed, ...record } = p;
    const view = viewOfProvider({ ...record, ...contact }, confidential, mayReadConfidential);
    if (disclosesConfidential(view)) {
      await this.audit.record(m, {
        action: 'provider.read_confidential',
        actor: actor.user,
        entityType: 'provider',
        entityId: p.id,
        requestId: actor.requestId,
      });
    }
    return view;
  }
}
