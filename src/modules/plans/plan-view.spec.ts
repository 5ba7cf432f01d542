import { actionStatusOfReferral } from './plan-view';

describe("an action linked to a referral takes the referral's status", () => {
  it.each([
    ['sent', 'planned'],
    ['accepted', 'in_progress'],
    ['in_service', 'in_progress'],
    ['completed', 'done'],
    ['declined', 'dropped'],
    ['cancelled', 'dropped'],
    ['not_completed', 'dropped'],
  ])('referral %s → action %s', (referral, action) => {
    expect(actionStatusOfReferral(referral)).toBe(action);
  });
});
