import { Module } from '@nestjs/common';
import { AccessModule, AccessService } from '../access';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { IdentityModule } from '../identity';
import { ActivitiesController, DenominatorsController } from './activities.controller';
import { ActivitiesService } from './activities.service';
import { ActivityMeasures } from './activity-measures';
import { ACTIVITY_RESOURCE } from './activity.resource';
import { ActivityRepository } from './activity.repository';
import { DenominatorsService } from './denominators.service';
import { IndicatorDenominatorRepository } from './indicator-denominator.repository';
import './activities.personal-data';
import './activities.errors';

/** Community activities the plan counts, and the indicators' denominators (docs/DESIGN.md §6). */
@Module({
  imports: [GeographyModule, AuditModule, IdentityModule, AccessModule],
  controllers: [ActivitiesController, DenominatorsController],
  providers: [
    ActivityRepository,
    IndicatorDenominatorRepository,
    ActivitiesService,
    DenominatorsService,
    ActivityMeasures,
  ],
  exports: [ActivityMeasures],
})
export class ActivitiesModule {
  constructor(access: AccessService) {
    access.registerResource(ACTIVITY_RESOURCE);
  }
}
