import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../http/auth-user';
import { DomainError } from '../http/domain-error';
import { CatalogueErrors } from './catalogue.errors';
import { CatalogueService } from './catalogue.service';
import { CatalogueDto, CatalogueNameParams, CatalogueSummaryDto } from './dto/catalogue.dto';

/**
 * The catalogues of config/catalogues, read-only and returned whole (small, fixed reference lists:
 * docs/DESIGN.md §9). Signed-in staff only: the forms that use them need a sign-in anyway.
 */
@ApiTags('catalogues')
@ApiBearerAuth()
@Controller('catalogues')
export class CatalogueController {
  constructor(private readonly catalogues: CatalogueService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Every catalogue: its name and label (returned whole)' })
  @ApiOkResponse({ type: CatalogueSummaryDto, isArray: true })
  list(): CatalogueSummaryDto[] {
    return this.catalogues.all().map(({ name, label }) => ({ name, label }));
  }

  @Get(':name')
  @Authenticated()
  @ApiOperation({ summary: 'One catalogue whole: its items with Vietnamese and English labels' })
  @ApiOkResponse({ type: CatalogueDto })
  @ApiNotFoundResponse({ description: 'CATALOGUE_NOT_FOUND' })
  get(@Param() params: CatalogueNameParams): CatalogueDto {
    const catalogue = this.catalogues.get(params.name);
    if (!catalogue) throw new DomainError(CatalogueErrors.CATALOGUE_NOT_FOUND, { name: params.name });
    const { name, label, items, groups, levels } = catalogue;
    return { name, label, items, ...(groups ? { groups } : {}), ...(levels ? { levels } : {}) };
  }
}
