import { Inject, Injectable } from '@nestjs/common';
import type { Period } from '../activities';
import { DomainError } from '../../platform/http';
import { publish, smallCell } from './domain/disclosure';
import type { Published } from './domain/disclosure';
import type { FigureScope } from './domain/statistics.types';
import type { IndicatorDefinition, IndicatorPlan, IndicatorUnit } from './measures/indicator-plan';
import type { MeasureValue } from './measures/measure';
import { MeasureRegistry } from './measures/measure-registry';
import { REPORTING_CONFIG, ReportingConfig } from './reporting.config';
import './reporting.errors';

/** The injection token of the checked plans of config/indicators/ (by plan id). */
export const INDICATOR_PLANS = Symbol('INDICATOR_PLANS');

export interface IndicatorValue {
  id: string;
  label: { vi: string; en: string };
  numerator: Published;
  denominator: Published | null;
  /** numerator / denominator (× 100 for a percent) from the published figures; null when either is withheld. */
  value: number | null;
  target: number | null;
  met: boolean | null;
  unit: IndicatorUnit;
}

export interface IndicatorReport {
  plan: string;
  title: { vi: string; en: string };
  period: string;
  indicators: IndicatorValue[];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * A plan's indicators for a period and scope (docs/DESIGN.md §6). Counts about people go out under the
 * cell-key rule; a median stands only on at least `threshold` cases; community work and denominators are
 * exact. The value is computed from the published figures, so it never reveals more than they do.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly registry: MeasureRegistry,
    @Inject(INDICATOR_PLANS) private readonly plans: Map<string, IndicatorPlan>,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  /** The plan ids, sorted. */
  planIds(): string[] {
    return [...this.plans.keys()].sort();
  }

  /** The plans there are, by id, with their titles and number of indicators (GET /indicators/plans). */
  listPlans(): { id: string; title: { vi: string; en: string }; indicators: number }[] {
    return this.planIds().map((id) => {
      const p = this.plan(id);
      return { id, title: p.title, indicators: p.indicators.length };
    });
  }

  /** The plan's definition, or the 400 naming the plans there are. */
  plan(id: string): IndicatorPlan {
    const plan = this.plans.get(id);
    if (!plan)
      throw new DomainError('INDICATOR_PLAN_UNKNOWN', { field: 'plan', allowed: this.planIds().join(', ') });
    return plan;
  }

  async evaluate(scope: FigureScope, planId: string, period: Period): Promise<IndicatorReport> {
    const plan = this.plan(planId);
    const indicators: IndicatorValue[] = [];
    // One after another: a plan is a few dozen small statements, and a report run must not take the pool.
    for (const def of plan.indicators) indicators.push(await this.indicator(scope, period, def));
    return { plan: plan.plan, title: plan.title, period: period.id, indicators };
  }

  private async indicator(
    scope: FigureScope,
    period: Period,
    def: IndicatorDefinition,
  ): Promise<IndicatorValue> {
    const numerator = this.published(await this.measure(scope, period, def.numerator));
    const denominator = def.denominator
      ? this.published(await this.measure(scope, period, def.denominator))
      : null;
    let value: number | null = null;
    if (typeof numerator === 'number') {
      if (def.denominator === null) value = numerator;
      else if (typeof denominator === 'number' && denominator > 0) {
        value = round1(def.unit === 'percent' ? (numerator / denominator) * 100 : numerator / denominator);
      }
    }
    return {
      id: def.id,
      label: def.label,
      numerator: numerator ?? 0,
      denominator,
      value,
      target: def.target,
      met: def.target !== null && value !== null ? value >= def.target : null,
      unit: def.unit,
    };
  }

  private measure(
    scope: FigureScope,
    period: Period,
    term: IndicatorDefinition['numerator'],
  ): Promise<MeasureValue> {
    const measure = this.registry.get(term.measure);
    // The plans were checked against the registry at start-up.
    if (!measure) throw new Error(`measure ${term.measure} is not registered`);
    return measure.evaluate({ scope, period, filters: term.filters });
  }

  /** The figure under disclosure control; null for a denominator never entered. */
  private published(v: MeasureValue): Published | null {
    const rule = this.config.disclosure;
    switch (v.kind) {
      case 'count':
        return publish(v.count, v.keySum, rule);
      case 'median':
        return v.cases < rule.threshold || v.median === null ? smallCell(rule) : round1(v.median);
      case 'exact':
        return v.value;
    }
  }
}
