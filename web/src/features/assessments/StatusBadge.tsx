import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** An assessment's status in words: dark text on white (contrast), a draft outlined, a completed one filled. */
export function AssessmentStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const draft = status === 'draft';
  return (
    <Badge variant={draft ? 'outline' : 'filled'} color={draft ? 'gray.8' : 'teal.9'}>
      {draft ? t('assess.draft') : t('assess.completed')}
    </Badge>
  );
}
