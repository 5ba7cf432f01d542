import { Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A day (dd/MM/yyyy) and a time (HH:mm) in Hanoi time, typed as digits (no picker: quick on a keyboard,
 * and every input method types digits the same); `bad` marks a day that does not exist.
 */
export function DateTimeFields({
  date,
  time,
  bad,
  onDate,
  onTime,
  gap = 'md',
}: {
  date: string;
  time: string;
  bad: boolean;
  onDate: (value: string) => void;
  onTime: (value: string) => void;
  gap?: 'md' | 6;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={gap} grow wrap="wrap">
      <TextInput
        label={t('worklist.date')}
        required
        inputMode="numeric"
        placeholder="dd/MM/yyyy"
        value={date}
        error={bad ? t('worklist.badDate') : undefined}
        onChange={(e) => {
          onDate(e.currentTarget.value);
        }}
      />
      <TextInput
        label={t('worklist.time')}
        required
        inputMode="numeric"
        placeholder="HH:mm"
        value={time}
        onChange={(e) => {
          onTime(e.currentTarget.value);
        }}
      />
    </Group>
  );
}
