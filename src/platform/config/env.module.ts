import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Env } from './env.schema';

export const ENV = Symbol('HAVEN_ENV');

/** Provides the validated environment under the ENV token (and to @nestjs/config's ConfigService). */
@Global()
@Module({})
export class EnvModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: EnvModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [() => ({ ...env })] })],
      providers: [{ provide: ENV, useValue: env }],
      exports: [ENV],
    };
  }
}
