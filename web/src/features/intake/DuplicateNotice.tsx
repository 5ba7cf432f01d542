import { Alert, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDuplicateCheck } from './queries';

/** Earlier cases of the organisation with this phone or ID: references and status only. */
export function DuplicateNotice({ phone, nationalId }: { phone: string; nationalId: string }) {
  const { t } = useTranslation();
  const check = useDuplicateCheck(phone, nationalId);
  if (!check.data || check.data.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      title={t('hotline.dup.title')}
      role="status"
      data-testid="duplicates"
      styles={{
        title: { color: 'var(--mantine-color-dark-9)' },
        message: { color: 'var(--mantine-color-dark-9)' },
      }}
    >
      <Group gap="md">
        {check.data.map((d) => (
          <Text key={d.reference} size="sm">
            <Text span ff="monospace" fw={700}>
              {d.reference}
            </Text>{' '}
            · {t(`hotline.statuses.${d.status}`, { defaultValue: d.status })}
          </Text>
        ))}
      </Group>
      <Text size="xs" mt={4}>
        {t('hotline.dup.hint')}
      </Text>
    </Alert>
  );
}
