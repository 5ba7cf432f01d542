import 'reflect-metadata';
import { ValidationError as NestValidationError } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Min,
  ValidateNested,
  validateSync,
  ValidationError,
} from 'class-validator';
import { DomainError } from './domain-error';
import { toErrorBody } from './error-body';
import { createValidationPipe, FieldProblem, flattenValidationErrors, validationFailed } from './validation';

class PhoneDto {
  @Matches(/^\d{10}$/, { message: 'number must be ten digits' })
  number!: string;
}

class SurvivorDto {
  @IsInt()
  @Min(1900)
  birthYear!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PhoneDto)
  phones!: PhoneDto[];
}

class IntakeDto {
  @IsIn(['hotline', 'walk_in'])
  channel!: string;

  @IsString()
  provinceCode!: string;

  @ValidateNested()
  @Type(() => SurvivorDto)
  survivor!: SurvivorDto;
}

/** The English texts only (the rules behind them are checked in their own tests). */
const texts = (ps: FieldProblem[]) => ps.map(({ field, problems }) => ({ field, problems }));

function errorsFor(plain: Record<string, unknown>): ValidationError[] {
  return validateSync(plainToInstance(IntakeDto, plain), { whitelist: true, forbidNonWhitelisted: true });
}

const valid = {
  channel: 'hotline',
  provinceCode: '01',
  survivor: { birthYear: 1990, phones: [{ number: '0912345678' }] },
};

describe('flattenValidationErrors', () => {
  it('returns nothing for a valid body', () => {
    expect(texts(flattenValidationErrors(errorsFor(valid)))).toEqual([]);
  });

  it('names a top-level field with its problems', () => {
    const problems = texts(flattenValidationErrors(errorsFor({ ...valid, channel: 'fax' })));
    expect(problems).toEqual([
      { field: 'channel', problems: [expect.stringContaining('channel must be one of')] },
    ]);
  });

  it('turns nested errors into dotted field paths', () => {
    const problems = flattenValidationErrors(
      errorsFor({
        ...valid,
        survivor: { birthYear: 1800, phones: [{ number: '0912345678' }, { number: 'abc' }] },
      }),
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['survivor.birthYear', 'survivor.phones.1.number']);
    expect(problems.find((p) => p.field === 'survivor.phones.1.number')?.problems).toEqual([
      'number must be ten digits',
    ]);
  });

  it('reports every failed rule of a field', () => {
    const problems = flattenValidationErrors(
      errorsFor({ ...valid, survivor: { ...valid.survivor, birthYear: 'x' } }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('survivor.birthYear');
    expect(problems[0]?.problems.length).toBe(2);
  });

  it('says an unknown field is not a known field, at the top level and nested', () => {
    const problems = texts(
      flattenValidationErrors(
        errorsFor({ ...valid, fullName: 'Nguyễn Thị Lan', survivor: { ...valid.survivor, nickname: 'Lan' } }),
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'fullName', problems: ['fullName is not a known field'] },
        { field: 'survivor.nickname', problems: ['survivor.nickname is not a known field'] },
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('flattens a hand-built error tree', () => {
    const tree: NestValidationError[] = [
      {
        property: 'survivor',
        children: [
          {
            property: 'phones',
            children: [
              {
                property: '0',
                children: [{ property: 'number', constraints: { matches: 'number is bad' } }],
              },
            ],
          },
          { property: 'extra', constraints: { whitelistValidation: 'property extra should not exist' } },
        ],
      },
      { property: 'channel', constraints: { isIn: 'channel is bad', isString: 'channel must be text' } },
    ];
    expect(texts(flattenValidationErrors(tree))).toEqual([
      { field: 'survivor.phones.0.number', problems: ['number is bad'] },
      { field: 'survivor.extra', problems: ['survivor.extra is not a known field'] },
      { field: 'channel', problems: ['channel is bad', 'channel must be text'] },
    ]);
  });

  it('prefixes a given parent path', () => {
    expect(
      texts(flattenValidationErrors([{ property: 'x', constraints: { a: 'x is bad' } }], 'outer')),
    ).toEqual([{ field: 'outer.x', problems: ['x is bad'] }]);
  });
});

describe('validationFailed', () => {
  it('makes a VALIDATION_FAILED error naming the fields, with the problems as details', () => {
    const problems = [
      { field: 'channel', problems: ['channel is bad'] },
      { field: 'survivor.birthYear', problems: ['too early'] },
    ];
    const error = validationFailed(problems);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.params).toEqual({ fields: 'channel, survivor.birthYear' });
    expect(error.details).toEqual(problems);
    const body = toErrorBody(error, 'en');
    expect(body.statusCode).toBe(400);
    expect(body.message).toContain('channel, survivor.birthYear');
    expect(body.details).toEqual(problems);
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const MARKER = 'MARKER-0999999999';

  it('passes a valid body through as an instance of its class', async () => {
    const out: unknown = await pipe.transform(valid, { type: 'body', metatype: IntakeDto });
    expect(out).toBeInstanceOf(IntakeDto);
  });

  it('refuses an invalid body with a VALIDATION_FAILED error that names fields but not values', async () => {
    const body = {
      ...valid,
      phoneOfCaller: MARKER,
      survivor: { birthYear: 1990, phones: [{ number: `x${MARKER}` }] },
    };
    let thrown: unknown;
    try {
      await pipe.transform(body, { type: 'body', metatype: IntakeDto });
    } catch (e: unknown) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((error.details as { field: string }[]).map((p) => p.field).sort()).toEqual([
      'phoneOfCaller',
      'survivor.phones.0.number',
    ]);
    expect(JSON.stringify(toErrorBody(error, 'en'))).not.toContain(MARKER);
  });
});
