import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, decodeCursor, DomainError, encodeCursor } from '../../platform/http';
import { AccessService } from '../access';
import { ListProvidersQuery, ProviderDto, ProviderListDto } from './dto/provider.dto';
import { accessRecordOf, ProviderPresenter } from './provider-presenter';
import { ProviderRepository } from './provider.repository';
import './directory.errors';

const DEFAULT_LIMIT = 50;

/** The service directory's reads (docs/DESIGN.md §4): the search and one provider. */
@Injectable()
export class ProviderReadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly access: AccessService,
    private readonly providers: ProviderRepository,
    private readonly presenter: ProviderPresenter,
  ) {}

  async list(actor: Actor, query: ListProvidersQuery): Promise<ProviderListDto> {
    await this.access.assert(actor.user, 'provider.list', undefined, { actor });
    this.catalogues.assertKey('services', query.service, 'service');
    this.catalogues.assertKey('organization-types', query.type, 'type');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, 2);
    return this.dataSource.transaction(async (m) => {
      const rows = await this.providers.search(
        m,
        {
          ...(query.service !== undefined ? { service: query.service } : {}),
          ...(query.type !== undefined ? { type: query.type } : {}),
          ...(query.communeCode !== undefined ? { communeCode: query.communeCode } : {}),
          ...(query.accepting !== undefined ? { accepting: query.accepting === 'true' } : {}),
          ...(query.q !== undefined ? { q: query.q } : {}),
          ...(after ? { after: { name: after[0] ?? '', id: after[1] ?? '' } } : {}),
          listable: (firstParam) =>
            this.access.filter(actor.user, 'provider.list', 'provider', { alias: 'p', firstParam }),
          // The confidential decision per row is the same rule as a single read, compiled to SQL.
          confidential: (firstParam) =>
            this.access.filter(actor.user, 'provider.read_confidential', 'provider', {
              alias: 'p',
              firstParam,
            }),
        },
        limit + 1,
      );
      const page = rows.slice(0, limit);
      const items: ProviderDto[] = [];
      for (const row of page) {
        items.push(await this.presenter.present(m, actor, row, row.mayReadConfidential));
      }
      const last = page[page.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
      };
    });
  }

  async get(actor: Actor, id: string): Promise<ProviderDto> {
    const p = await this.providers.findById(this.dataSource.manager, id);
    if (!p) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'provider.read', accessRecordOf(p), { actor });
    return this.dataSource.transaction(async (m) => this.presenter.presentChecked(m, actor, p));
  }
}
