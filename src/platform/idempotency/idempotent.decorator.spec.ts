import 'reflect-metadata';
import { Body, CanActivate, Controller, ExecutionContext, Injectable, Module, Post } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DomainError } from '../http/domain-error';
import { Idempotent, IdempotentCommand, IdempotentCommandOf } from './idempotent.decorator';

/** Signs every request in as user u1 (what the real guard leaves on the request). */
@Injectable()
class SignedIn implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    ctx.switchToHttp().getRequest<{ user?: { id: string } }>().user = { id: 'u1' };
    return true;
  }
}

const seen: IdempotentCommand[] = [];

@Controller('things')
class ThingsController {
  @Post()
  @Idempotent(201)
  create(@IdempotentCommandOf() cmd: IdempotentCommand): { id: string } {
    seen.push(cmd);
    return { id: 't1' };
  }

  @Post(':id/moves')
  @Idempotent((body: { pending: boolean }) => (body.pending ? 202 : 200))
  move(
    @Body() body: { pending: boolean },
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): { pending: boolean } {
    seen.push(cmd);
    return { pending: body.pending };
  }
}

@Module({ controllers: [ThingsController], providers: [{ provide: APP_GUARD, useClass: SignedIn }] })
class ThingsModule {}

describe('@Idempotent and @IdempotentCommandOf', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), {
      logger: false,
    });
    app.useGlobalFilters({
      catch: (e: unknown, host) => {
        const reply = host.switchToHttp().getResponse<{ status(n: number): { send(b: unknown): void } }>();
        reply
          .status(e instanceof DomainError ? 400 : 500)
          .send({ code: e instanceof DomainError ? e.code : 'X' });
      },
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('answers the fixed status and hands the use case who, which route, the key and the body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/things?x=1',
      headers: { 'idempotency-key': 'key-00000001' },
      payload: { name: 'a' },
    });
    expect(res.statusCode).toBe(201);
    expect(seen).toEqual([
      { scope: 'u1', route: 'POST /things', key: 'key-00000001', body: { name: 'a' }, status: 201 },
    ]);
  });

  it('gives no key when none was sent, and refuses a malformed one before the use case runs', async () => {
    await app.inject({ method: 'POST', url: '/things', payload: {} });
    expect(seen[0]?.key).toBeUndefined();
    const bad = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'idempotency-key': 'no' },
      payload: {},
    });
    expect(bad.json()).toEqual({ code: 'IDEMPOTENCY_KEY_INVALID' });
    expect(seen).toHaveLength(1);
  });

  it('answers the status read off the body when it depends on the outcome', async () => {
    const pending = await app.inject({ method: 'POST', url: '/things/t1/moves', payload: { pending: true } });
    const done = await app.inject({ method: 'POST', url: '/things/t1/moves', payload: { pending: false } });
    expect([pending.statusCode, done.statusCode]).toEqual([202, 200]);
    expect(seen[0]?.route).toBe('POST /things/t1/moves');
    expect(typeof seen[0]?.status).toBe('function');
  });
});
