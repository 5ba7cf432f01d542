import { useMemo } from 'react';
import { Select, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { matchPlaces } from '../../shared/geo/fold';

const HANOI = '01';

/** The communes of Hanoi, found without diacritics ("ba dinh" finds "Ba Đình"). */
export function CommunePicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (code: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const communes = useQuery({
    queryKey: ['communes', HANOI],
    staleTime: Infinity,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/geography/provinces/{provinceCode}/communes', {
          params: { path: { provinceCode: HANOI } },
        }),
      ),
  });
  const list = communes.data ?? [];
  const data = useMemo(
    () =>
      list.map((c) => ({
        value: c.code,
        label: i18n.language === 'en' && c.nameEn ? `${c.nameEn} (${c.unitType})` : c.fullName,
      })),
    [list, i18n.language],
  );
  const byCode = useMemo(() => new Map(list.map((c) => [c.code, c])), [list]);
  const filter: OptionsFilter = ({ options, search }) => {
    const found = matchPlaces(list, search, 30);
    const wanted = new Set(found.map((c) => c.code));
    const items = options as ComboboxItem[];
    return found
      .map((c) => items.find((o) => o.value === c.code))
      .filter((o): o is ComboboxItem => o !== undefined && wanted.has(o.value) && byCode.has(o.value));
  };
  return (
    <Select
      label={t('hotline.commune')}
      placeholder={t('hotline.communePlaceholder')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      filter={filter}
      nothingFoundMessage={t('hotline.noCommune')}
      data-testid="commune-picker"
    />
  );
}
