import { indicatorsTable } from './report-builder';

describe('indicatorsTable', () => {
  it('prints each indicator in Vietnamese with its unit and whether the target is met', () => {
    const table = indicatorsTable([
      {
        id: 'officials',
        label: { vi: 'Tỷ lệ cán bộ được tuyên truyền', en: 'Officials reached' },
        numerator: 45,
        denominator: 50,
        value: 90,
        target: 100,
        met: false,
        unit: 'percent',
      },
      {
        id: 'shelter',
        label: { vi: 'Số người được tạm lánh', en: 'Sheltered' },
        numerator: '<5',
        denominator: null,
        value: null,
        target: null,
        met: null,
        unit: 'persons',
      },
      {
        id: 'days',
        label: { vi: 'Số ngày trung vị', en: 'Median days' },
        numerator: 12,
        denominator: 4,
        value: 2.5,
        target: 3,
        met: true,
        unit: 'days',
      },
      {
        id: 'students',
        label: { vi: 'Tỷ lệ học sinh', en: 'Students' },
        numerator: '<5',
        denominator: 120,
        value: null,
        target: 80,
        met: null,
        unit: 'percent',
      },
    ]);
    expect(table.total).toBeNull();
    expect(table.rows).toEqual([
      ['Tỷ lệ cán bộ được tuyên truyền', '45', '50', '90%', '100%', 'Chưa đạt'],
      ['Số người được tạm lánh', '<5', '—', '—', '—', 'Không có mục tiêu'],
      ['Số ngày trung vị', '12', '4', '2,5 ngày', '3 ngày', 'Đạt'],
      ['Tỷ lệ học sinh', '<5', '120', '—', '80%', 'Chưa đủ số liệu'],
    ]);
  });
});
