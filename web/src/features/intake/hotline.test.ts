import { describe, expect, it } from 'vitest';
import { emptyDraft, toIntake } from './draft';
import { liveRisk } from './risk';

describe('live risk level', () => {
  const questions = [
    { key: 'threats_to_kill', type: 'boolean' as const, weight: 4 },
    { key: 'strangulation', type: 'boolean' as const, weight: 4 },
    { key: 'fear_level', type: 'scale' as const, weight: 1, max: 3 },
  ];
  const levels = [
    { level: 'medium', minScore: 3 },
    { level: 'low', minScore: 0 },
    { level: 'high', minScore: 7 },
  ];

  it('sums the weights of true answers and scale × weight, and picks the last level reached', () => {
    expect(liveRisk(questions, levels, {})).toMatchObject({ score: 0, level: { level: 'low' } });
    expect(liveRisk(questions, levels, { threats_to_kill: true })).toMatchObject({
      score: 4,
      level: { level: 'medium' },
    });
    expect(liveRisk(questions, levels, { threats_to_kill: true, fear_level: 3 })).toMatchObject({
      score: 7,
      level: { level: 'high' },
    });
    expect(liveRisk(questions, levels, { strangulation: false })).toMatchObject({ score: 0 });
  });
});

describe('intake body', () => {
  it('sends only what was filled in, and a fresh draft has its own idempotency key', () => {
    const d = { ...emptyDraft(), sex: 'female', violenceTypes: ['physical'] };
    expect(toIntake(d)).toEqual({
      channel: 'hotline',
      survivor: { sex: 'female' },
      incident: { violenceTypes: ['physical'] },
    });
    expect(emptyDraft().idempotencyKey).not.toBe(d.idempotencyKey);
    expect(d.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('the full intake body', () => {
  it('keeps the third-party caller apart from the survivor, and sends the incident date, place and perpetrator', () => {
    const d = {
      ...emptyDraft(),
      sex: 'female',
      violenceTypes: ['physical'],
      phone: ' 0977 123 456 ',
      nationalId: '001190077665',
      canText: true,
      codeWord: 'hoa sen',
      thirdParty: true,
      reporterRelationship: 'neighbour',
      reporterName: 'Lan',
      reporterPhone: '0911222333',
      incidentDate: '3/2026',
      placeType: 'home',
      perpetratorRelationship: 'spouse',
      emergency: { providerId: 'p1', services: ['shelter'], reason: 'x'.repeat(25), idempotencyKey: 'k' },
    };
    expect(toIntake(d)).toEqual({
      channel: 'hotline',
      survivor: {
        sex: 'female',
        phones: ['0977 123 456'],
        nationalId: '001190077665',
        safeContact: {
          canCall: false,
          canText: true,
          canLeaveMessage: false,
          phoneSharedWithPerpetrator: false,
          codeWord: 'hoa sen',
        },
      },
      reporter: { relationship: 'neighbour', fullName: 'Lan', phone: '0911222333' },
      incident: {
        violenceTypes: ['physical'],
        occurredOn: '2026-03',
        placeType: 'home',
        perpetrator: { relationship: 'spouse' },
      },
    });
    // A reporter unticked sends no reporter, whatever was typed.
    expect(toIntake({ ...d, thirdParty: false })).not.toHaveProperty('reporter');
  });
});
