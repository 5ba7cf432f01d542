import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A case's status in words (the workflow's states are fixed by the API's enum). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" color="gray.8" size="lg" data-testid="status">
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}
