import { Injectable } from '@nestjs/common';
import { CatalogueService } from '../../../platform/catalogues';
import { ActivityMeasures } from '../../activities';
import { FigureRepository } from '../figure.repository';
import { activityMeasures } from './activity-measures';
import { caseMeasures } from './case-measures';
import type { FilterSpec, Measure } from './measure';

/**
 * The measures the code provides (docs/DESIGN.md §6): indicator files pick from these by id, with filters.
 * A new plan that uses them is a new file in config/indicators/, not new code.
 */
@Injectable()
export class MeasureRegistry {
  private readonly measures: Map<string, Measure>;

  constructor(figures: FigureRepository, activities: ActivityMeasures, catalogues: CatalogueService) {
    const all = [
      ...caseMeasures(figures),
      ...activityMeasures(activities, catalogues.keys('denominator-keys')),
    ];
    this.measures = new Map(all.map((m) => [m.id, m]));
  }

  get(id: string): Measure | undefined {
    return this.measures.get(id);
  }

  /** Each measure's filters, for checking the indicator files. */
  specs(): Map<string, Readonly<Record<string, FilterSpec>>> {
    return new Map([...this.measures.values()].map((m) => [m.id, m.filters]));
  }
}
