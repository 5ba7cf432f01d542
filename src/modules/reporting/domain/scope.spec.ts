import { figureScopeOf } from './scope';

const ORG = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('figureScopeOf', () => {
  it('gives a centre manager the city by default', () => {
    expect(
      figureScopeOf(
        { roles: ['centre_manager'], organizationId: ORG },
        { provinceCode: '01', managerScope: 'city' },
      ),
    ).toEqual({
      provinceCode: '01',
    });
  });

  it("gives a centre manager their organisation's cases when managers are scoped", () => {
    expect(
      figureScopeOf(
        { roles: ['centre_manager'], organizationId: ORG },
        { provinceCode: '01', managerScope: 'organization' },
      ),
    ).toEqual({ provinceCode: '01', organizationId: ORG });
  });

  it("gives a supervisor their organisation's cases, whatever the manager scope", () => {
    expect(
      figureScopeOf(
        { roles: ['supervisor'], organizationId: ORG },
        { provinceCode: '01', managerScope: 'city' },
      ),
    ).toEqual({
      provinceCode: '01',
      organizationId: ORG,
    });
  });
});
