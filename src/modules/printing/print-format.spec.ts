import type { CatalogueService } from '../../platform/catalogues';
import { calendarDay, hanoiDate, hanoiDateTime, PrintLabels, yesNo } from './print-format';

describe('print-format', () => {
  it('writes Hanoi time (UTC+7, across midnight and the year end)', () => {
    expect(hanoiDateTime(new Date('2026-12-31T17:05:00Z'))).toBe('00:05 01/01/2027');
    expect(hanoiDate(new Date('2026-03-01T16:59:59Z'))).toBe('01/03/2026');
    expect(hanoiDateTime(new Date('2026-07-15T02:30:00Z'))).toBe('09:30 15/07/2026');
  });

  it('writes calendar days and yes/no in Vietnamese, a dash for nothing', () => {
    expect(calendarDay('2026-02-09')).toBe('09/02/2026');
    expect(calendarDay(null)).toBe('—');
    expect(yesNo(true)).toBe('Có');
    expect(yesNo(false)).toBe('Không');
    expect(yesNo(null)).toBe('Không rõ');
  });

  it('labels catalogue keys and states in Vietnamese, the key itself when unknown', () => {
    const catalogues = {
      item: (name: string, key: string) =>
        name === 'sexes' && key === 'female' ? { key, vi: 'Nữ', en: 'Female' } : undefined,
      riskQuestionnaire: () => ({
        items: [],
        levels: [{ level: 'high', minScore: 5, alert: true, vi: 'Cao', en: 'High' }],
      }),
    } as unknown as CatalogueService;
    const labels = new PrintLabels(catalogues);
    expect(labels.of('sexes', 'female')).toBe('Nữ');
    expect(labels.of('sexes', 'unheard')).toBe('unheard');
    expect(labels.of('sexes', null)).toBe('—');
    expect(labels.list('sexes', ['female', 'x'])).toBe('Nữ; x');
    expect(labels.state('case', 'in_progress')).toBe('Đang hỗ trợ');
    expect(labels.state('referral', 'in_service')).toBe('Đang thực hiện');
    expect(labels.risk('high')).toBe('Cao');
    expect(labels.risk(null)).toBe('Chưa đánh giá');
  });
});
