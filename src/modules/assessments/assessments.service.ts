import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { checkAnswers, completion, splitAnswers } from './domain/answers';
import type { Answers, FormDefinition } from './domain/form';
import {
  AssessmentDto,
  AssessmentListDto,
  AssessmentSummaryDto,
  FormDefinitionDto,
  FormSummaryDto,
} from './dto/assessment.dto';
import './assessments.errors';
import { FormsService } from './forms.service';
import { Assessment, AssessmentRepository, AssessmentSummary } from './repositories/assessment.repository';

/** A DTO's fields as a plain object type (spreading a class-typed value is refused by the lint). */
type Plain<T> = { [K in keyof T]: T[K] };

/** Who may read a file's assessments, and who may start, fill and complete them (config/access-rules.yaml). */
const READ = 'case.read';
const WRITE = 'case.update';

/**
 * Assessments of a case (docs/ARCHITECTURE.md "Assessments as data"): a draft at the newest version of a
 * form, filled and saved (each answer checked against its question), then completed (required questions
 * shown answered, answers of hidden questions dropped). Decided as the case file is: who may read the
 * file reads them, who may change it fills them. Audited with ids and codes only.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseSharingService,
    private readonly forms: FormsService,
    private readonly assessments: AssessmentRepository,
  ) {}

  currentForms(): FormSummaryDto[] {
    return this.forms.current().map((f) => ({
      key: f.key,
      version: f.version,
      title: f.title,
      ...(f.description ? { description: f.description } : {}),
    }));
  }

  async formVersion(key: string, version: number): Promise<FormDefinitionDto> {
    await this.forms.ensure([{ formKey: key, formVersion: version }]);
    if (!this.forms.knows(key)) throw new DomainError('FORM_NOT_FOUND', { key });
    const d = this.forms.definition(key, version);
    if (!d) throw new DomainError('FORM_VERSION_NOT_FOUND', { key, version });
    return definitionDto(d);
  }

  private async guard(actor: Actor, caseId: string, action: string, m?: EntityManager): Promise<void> {
    const facts = await this.cases.caseFacts(caseId, m ? { manager: m, lock: true } : {});
    await this.access.assert(actor.user, action, facts.access, { actor });
  }

  private async record(m: EntityManager, actor: Actor, action: string, a: Assessment): Promise<void> {
    await this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: 'assessment',
      entityId: a.id,
      caseId: a.caseId,
      reasonCode: `${a.formKey}@${a.formVersion}`,
      requestId: actor.requestId,
    });
  }

  async start(actor: Actor, caseId: string, formKey: string, cmd: IdempotentCommand): Promise<AssessmentDto> {
    await this.guard(actor, caseId, WRITE);
    const form = this.forms.newest(formKey);
    if (!form) throw new DomainError('FORM_NOT_FOUND', { key: formKey });
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        await this.guard(actor, caseId, WRITE, m);
        const a = await this.assessments.insert(m, {
          caseId,
          formKey: form.key,
          formVersion: form.version,
          createdBy: actor.user.id,
        });
        await this.record(m, actor, 'assessment.started', a);
        return this.dto(a);
      }),
    );
  }

  async save(
    actor: Actor,
    caseId: string,
    id: string,
    body: { answers: Record<string, unknown>; version: number },
    cmd: IdempotentCommand,
  ): Promise<AssessmentDto> {
    return this.change(actor, { caseId, id, version: body.version }, cmd, (a, form) => {
      const checked = checkAnswers(form, body.answers);
      if (checked.ok) return { answers: checked.answers, complete: false };
      const p = checked.problem;
      const field = `answers.${p.question}`;
      if (p.kind === 'unknown_question') {
        throw new DomainError('ASSESSMENT_UNKNOWN_QUESTION', { field }, { question: p.question });
      }
      throw new DomainError(
        'ASSESSMENT_ANSWER_INVALID',
        { field, expected: p.expected },
        { question: p.question },
      );
    });
  }

  async complete(
    actor: Actor,
    caseId: string,
    id: string,
    version: number,
    cmd: IdempotentCommand,
  ): Promise<AssessmentDto> {
    return this.change(actor, { caseId, id, version }, cmd, (a, form) => {
      const done = completion(form, a.answers);
      if (done.missing.length > 0) {
        throw new DomainError(
          'ASSESSMENT_ANSWERS_MISSING',
          { fields: done.missing.join(', ') },
          { missing: done.missing },
        );
      }
      return { answers: done.answers, complete: true };
    });
  }

  /**
   * A change of a draft, in one transaction under the idempotency key: the draft locked at the version
   * read, the answers `decide` gives written (texts sealed), audited as saved or completed.
   */
  private async change(
    actor: Actor,
    at: { caseId: string; id: string; version: number },
    cmd: IdempotentCommand,
    decide: (a: Assessment, form: FormDefinition) => { answers: Answers; complete: boolean },
  ): Promise<AssessmentDto> {
    await this.guard(actor, at.caseId, WRITE);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const { a, form } = await this.editable(m, actor, at.caseId, at.id, at.version);
        const { answers, complete } = decide(a, form);
        const saved = await this.assessments.save(m, a.id, {
          ...splitAnswers(form, answers),
          by: actor.user.id,
          complete,
        });
        await this.record(m, actor, complete ? 'assessment.completed' : 'assessment.saved', saved);
        return this.dto(saved);
      }),
    );
  }

  /** The assessment locked for a change: of this case, a draft, at the version read. */
  private async editable(
    m: EntityManager,
    actor: Actor,
    caseId: string,
    id: string,
    version: number,
  ): Promise<{ a: Assessment; form: FormDefinition }> {
    await this.guard(actor, caseId, WRITE, m);
    const a = await this.assessments.findOfCase(m, caseId, id, { lock: true });
    if (!a) throw new DomainError('NOT_FOUND');
    if (a.status === 'completed') throw new DomainError('ASSESSMENT_COMPLETED');
    if (a.version !== version) throw new DomainError('VERSION_CONFLICT');
    await this.forms.ensure([a]);
    return { a, form: this.formOf(a) };
  }

  async list(actor: Actor, caseId: string): Promise<AssessmentListDto> {
    await this.guard(actor, caseId, READ);
    const stored = await this.assessments.listOfCase(this.dataSource.manager, caseId);
    await this.forms.ensure(stored);
    const items = stored.map((a) => this.summary(a));
    const keys = [...new Set(items.map((i) => i.formKey))].sort();
    return {
      items,
      byForm: keys.map((formKey) => {
        const mine = items.filter((i) => i.formKey === formKey);
        return {
          formKey,
          title:
            this.forms.newest(formKey)?.title ?? this.formOf(mine[0] ?? { formKey, formVersion: 1 }).title,
          assessments: mine,
        };
      }),
    };
  }

  async get(actor: Actor, caseId: string, id: string): Promise<AssessmentDto> {
    await this.guard(actor, caseId, READ);
    return this.dataSource.transaction(async (m) => {
      const a = await this.assessments.findOfCase(m, caseId, id);
      if (!a) throw new DomainError('NOT_FOUND');
      await this.forms.ensure([a]);
      await this.record(m, actor, 'assessment.read', a);
      return this.dto(a);
    });
  }

  /** The definition the assessment was given in (recorded at start-up; never missing for a stored one). */
  private formOf(a: Pick<AssessmentSummary, 'formKey' | 'formVersion'>): FormDefinition {
    const form = this.forms.definition(a.formKey, a.formVersion);
    if (!form) throw new Error(`form ${a.formKey} version ${a.formVersion} is not recorded`);
    return form;
  }

  private summary(a: AssessmentSummary): Plain<AssessmentSummaryDto> {
    return {
      id: a.id,
      formKey: a.formKey,
      formVersion: a.formVersion,
      title: this.formOf(a).title,
      status: a.status,
      createdBy: a.createdBy,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
      completedBy: a.completedBy,
      completedAt: a.completedAt?.toISOString() ?? null,
      version: a.version,
    };
  }

  private dto(a: Assessment): AssessmentDto {
    return {
      ...this.summary(a),
      answers: a.answers,
      form: definitionDto(this.formOf(a)),
    };
  }
}

function definitionDto(d: FormDefinition): FormDefinitionDto {
  return d as unknown as FormDefinitionDto;
}
