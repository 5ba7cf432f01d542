import { Injectable, OnModuleInit } from '@nestjs/common';
import { HandlerRegistry } from './handler-registry';

/** The worker does not start while a topic or job has no handler (docs/ARCHITECTURE.md, Conventions). */
@Injectable()
export class HandlerStartupCheck implements OnModuleInit {
  constructor(private readonly registry: HandlerRegistry) {}

  onModuleInit(): void {
    this.registry.assertComplete();
  }
}
