import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabel, hasAuditWords } from './auditActions';

describe('the access log in words', () => {
  it('names a known action in Vietnamese and in English', () => {
    expect(auditActionLabel('case.read', 'vi')).toEqual({ text: 'Xem hồ sơ' });
    expect(auditActionLabel('case.read', 'en')).toEqual({ text: 'Read the file' });
  });

  it('names the subject of an unknown action and keeps its code beside it', () => {
    expect(auditActionLabel('document.shredded', 'vi')).toEqual({
      text: 'Tài liệu',
      code: 'document.shredded',
    });
  });

  it('shows the code itself when even the subject is unknown', () => {
    expect(auditActionLabel('zeta.thing', 'vi')).toEqual({ text: 'zeta.thing', code: undefined });
  });
});

/**
 * Every action code the API writes (src/modules, read here as text) has words, unless it never lands in a
 * case's access log (the log lists the audit rows that carry the case's id: AuditTrailService.listForCase).
 * A new action fails this test until it gets words in auditActions.ts or a place in NOT_IN_CASE_LOG.
 */
describe('every action the API writes against a case has words', () => {
  const MODULES = join(__dirname, '../../../../src/modules');
  /** Subjects whose rows never carry a case id (sign-in, accounts, directory, reports, jobs, group activities). */
  const OTHER_SUBJECTS = new Set([
    'auth',
    'user',
    'organization',
    'provider',
    'report',
    'job',
    'audit',
    'activity',
    'indicator_denominator',
  ]);
  /** Actions of case-tied subjects written without a case id (lists over many cases). */
  const NOT_IN_CASE_LOG = new Set([
    'case.listed',
    'case.searched',
    'referral.incoming_listed',
    'referral.outgoing_listed',
  ]);
  /** The action codes built from a template, spelled out (a template not listed here fails the test). */
  const TEMPLATES: Record<string, readonly string[]> = {
    'case.transfer_${step}': [
      'case.transfer_requested',
      'case.transfer_accepted',
      'case.transfer_declined',
      'case.transfer_cancelled',
    ],
    'referral.${to}': [
      'referral.accepted',
      'referral.declined',
      'referral.cancelled',
      'referral.in_service',
      'referral.completed',
      'referral.not_completed',
    ],
    'referral.${query.box}_listed': ['referral.incoming_listed', 'referral.outgoing_listed'],
  };
  const CODE = /'([a-z_]+\.[a-z_]+)'/g;

  function sources(): { file: string; text: string }[] {
    return readdirSync(MODULES, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => ({ file: f, text: readFileSync(join(MODULES, f), 'utf8') }));
  }

  function writtenActions(): Map<string, string> {
    const found = new Map<string, string>();
    const add = (code: string, file: string) => found.set(code, file);
    for (const { file, text } of sources()) {
      if (!text.includes('audit.record(') && !/\.record\(m,/.test(text)) continue;
      // `action: 'x.y'` (also `action: cond ? 'x.y' : 'x.z'`), on its line
      for (const m of text.matchAll(/action:([^\n]*)/g))
        for (const c of (m[1] ?? '').matchAll(CODE)) add(c[1] ?? '', file);
      // helpers that take the action: this.file.record(m, actor, id, 'case.notes_read'), this.read(m, …, 'case.plan_read')
      for (const m of text.matchAll(/\.(?:record|recordCounts|read)\(m,(?!\s*\{)([^;]*?)\);/gs))
        for (const c of (m[1] ?? '').matchAll(CODE)) add(c[1] ?? '', file);
      for (const m of text.matchAll(/action: `([^`]*)`/g)) {
        const expanded = TEMPLATES[m[1] ?? ''];
        expect(
          expanded,
          `${file}: action template \`${m[1] ?? ''}\` not spelled out in TEMPLATES`,
        ).toBeDefined();
        for (const code of expanded ?? []) add(code, file);
      }
    }
    return found;
  }

  it('finds the actions in the source (the scan still works)', () => {
    const found = writtenActions();
    for (const code of ['case.read', 'case.calls_read', 'case.printed', 'case_plan.approved', 'case.merged'])
      expect(found.has(code), code).toBe(true);
  });

  it('has Vietnamese and English words for each of them', () => {
    const missing = [...writtenActions()]
      .filter(([code]) => !OTHER_SUBJECTS.has(code.split('.')[0] ?? '') && !NOT_IN_CASE_LOG.has(code))
      .filter(([code]) => !hasAuditWords(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    for (const code of ['case.transfer_accepted', 'assessment.completed', 'call.created']) {
      expect(auditActionLabel(code, 'vi').code).toBeUndefined();
      expect(auditActionLabel(code, 'en').text).not.toBe(auditActionLabel(code, 'vi').text);
    }
  });
});
