import { placeholdersOf, renderTitle, TitleTemplateError } from './title';
import { decodeCursor, encodeCursor } from './cursor';
import { composeOutsideMessage } from './outside-message';

describe('renderTitle', () => {
  it('fills {reference} with a case reference', () => {
    expect(renderTitle('Ca {reference} có nguy cơ cao', { reference: 'HN-2026-000123' })).toBe(
      'Ca HN-2026-000123 có nguy cơ cao',
    );
  });

  it('fills {count}', () => {
    expect(renderTitle('{count} ca quá hạn', { count: 3 })).toBe('3 ca quá hạn');
  });

  it('leaves a template without placeholders as it is', () => {
    expect(renderTitle('Vai trò đã thay đổi', {})).toBe('Vai trò đã thay đổi');
  });

  it('refuses a reference that is not a case reference, so no name can reach a title', () => {
    expect(() => renderTitle('Ca {reference}', { reference: 'Nguyễn Thị Lan' })).toThrow(TitleTemplateError);
    expect(() => renderTitle('Ca {reference}', { reference: '0912345678' })).toThrow(TitleTemplateError);
  });

  it('refuses a template whose placeholder has no value', () => {
    expect(() => renderTitle('Ca {reference}', {})).toThrow('needs a reference');
    expect(() => renderTitle('{count} ca', {})).toThrow('needs a count');
  });

  it('refuses placeholders other than {reference} and {count}', () => {
    expect(() => placeholdersOf('Chào {displayName}')).toThrow('{displayName} is not allowed');
  });
});

describe('the list cursor', () => {
  it('decodes what it encodes', () => {
    const c = { createdAtMicros: '1767225600123456', id: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it.each(['', 'abc', '12_not-a-uuid', '1767225600123456_3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B x'])(
    'refuses %p',
    (text) => {
      expect(decodeCursor(text)).toBeUndefined();
    },
  );
});

describe('composeOutsideMessage', () => {
  it('says the title and asks to open Haven, with no link', () => {
    const m = composeOutsideMessage({
      id: 'n1',
      type: 'case_high_risk',
      title: 'Ca HN-2026-000123 có nguy cơ cao',
    });
    expect(m.subject).toBe('Haven: Ca HN-2026-000123 có nguy cơ cao');
    expect(m.text).toContain('Ca HN-2026-000123 có nguy cơ cao');
    expect(m.text).toContain('đăng nhập Haven');
    expect(m.text).not.toMatch(/https?:|www\./);
  });
});
