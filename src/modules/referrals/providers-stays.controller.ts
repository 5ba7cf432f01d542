import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { ListStaysQuery, OccupancyDto, ProviderIdParams, StayListDto } from './dto/referral.dto';
import { ProviderStaysService } from './provider-stays.service';

const HIDDEN = 'NOT_FOUND (also a provider the caller may not see)';

/** A provider's beds and stays: they come from referrals, so the referral module answers. */
@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers/:id')
export class ProviderStaysController {
  constructor(private readonly providerStays: ProviderStaysService) {}

  @Get('occupancy')
  @Policy('provider.read_occupancy')
  @ApiOperation({ summary: 'Beds: capacity, held (accepted), occupied (in residence), free' })
  @ApiOkResponse({ type: OccupancyDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  occupancy(@CurrentActor() actor: Actor, @Param() p: ProviderIdParams): Promise<OccupancyDto> {
    return this.providerStays.occupancy(actor, p.id);
  }

  @Get('stays')
  @Policy('provider.list_stays')
  @ApiOperation({ summary: 'Stays at the provider (references only), newest admission first' })
  @ApiOkResponse({ type: StayListDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  stays(
    @CurrentActor() actor: Actor,
    @Param() p: ProviderIdParams,
    @Query() query: ListStaysQuery,
  ): Promise<StayListDto> {
    return this.providerStays.stays(actor, p.id, query);
  }
}
