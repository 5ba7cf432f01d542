import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { placeholdersOf, renderTitle, TitleTemplateError, titleTemplatesOf } from './title';
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

describe('titleTemplatesOf', () => {
  it('gives every notification type of the catalogue a Vietnamese and an English title', () => {
    const file = join(__dirname, '..', '..', '..', '..', 'config', 'catalogues', 'notification-types.yaml');
    const items = (parse(readFileSync(file, 'utf8')) as { items: { key: string; title: unknown }[] }).items;
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      const t = titleTemplatesOf(item.title);
      expect(t.en).not.toBe(t.vi);
    }
  });

  it('refuses a title in one language only, or with other placeholders in the other', () => {
    expect(() => titleTemplatesOf('Ca {reference}')).toThrow('needs a title with vi and en');
    expect(() => titleTemplatesOf({ vi: 'Ca {reference}' })).toThrow('needs a en title');
    expect(() => titleTemplatesOf({ vi: 'Ca {reference}', en: 'Case' })).toThrow('same placeholders');
    expect(() => titleTemplatesOf({ vi: 'Ca {name}', en: 'Case {name}' })).toThrow('not allowed');
  });
});
