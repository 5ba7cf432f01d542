import { Inject, Injectable } from '@nestjs/common';
import { ENV, Env } from '../../platform/config';
import { DomainError } from '../../platform/http';
import './documents.errors';

/**
 * How many document uploads and downloads one API process carries at once (DOCUMENT_TRANSFERS_MAX).
 * Each holds its file in memory (about 40 MiB for a 10 MB upload, 100 MiB for a 10 MB download: see
 * docs/PERFORMANCE.md "Case work"), so without a bound twenty counsellors uploading at the same moment
 * would take the process's memory. One more answers 503 DOCUMENT_TRANSFERS_BUSY with Retry-After; the
 * screen says to try again in a moment. Nothing is stored for the refused request.
 */
@Injectable()
export class DocumentTransferGate {
  private active = 0;

  constructor(@Inject(ENV) private readonly env: Env) {}

  /** Runs `work` holding one of the process's places, or refuses at once when none is free. */
  async through<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.env.DOCUMENT_TRANSFERS_MAX) {
      throw new DomainError('DOCUMENT_TRANSFERS_BUSY', { max: this.env.DOCUMENT_TRANSFERS_MAX });
    }
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
    }
  }

  /** The transfers under way (for the tests and the metrics). */
  get inFlight(): number {
    return this.active;
  }
}
