import { DomainError } from '../../platform/http';
import type { Env } from '../../platform/config';
import { DocumentTransferGate } from './document-transfer-gate';

const gate = (max: number) => new DocumentTransferGate({ DOCUMENT_TRANSFERS_MAX: max } as Env);

describe('the document transfer gate', () => {
  it('lets up to the limit through at once and refuses one more, naming the limit', async () => {
    const g = gate(2);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = g.through(() => held);
    const second = g.through(() => held);
    expect(g.inFlight).toBe(2);
    const refused = await g.through(() => Promise.resolve('never')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('DOCUMENT_TRANSFERS_BUSY');
    expect((refused as DomainError).params).toEqual({ max: 2 });
    release();
    await Promise.all([first, second]);
    expect(g.inFlight).toBe(0);
    await expect(g.through(() => Promise.resolve('done'))).resolves.toBe('done');
  });

  it('frees its place when the work fails', async () => {
    const g = gate(1);
    await expect(g.through(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(g.inFlight).toBe(0);
    await expect(g.through(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
