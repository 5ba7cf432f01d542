import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../app/hooks';

const COLOURS: Record<string, string> = {
  low: 'gray.8',
  medium: 'yellow.9',
  high: '#b8400b', // orange; white on Mantine's orange.9 is 4.29:1, below 4.5
  critical: 'red.9',
};

/** The risk level in words from the questionnaire's catalogue (colour only repeats it). */
export function RiskBadge({ level }: { level: string | null | undefined }) {
  const { t } = useTranslation();
  const label = useLabel();
  const levels = useCatalogue('risk-questionnaire').data?.levels ?? [];
  if (!level) return null;
  const item = levels.find((l) => l.level === level);
  return (
    <Badge color={COLOURS[level] ?? 'gray.8'} variant="filled" size="lg" data-testid="risk">
      {t('worklist.risk')}: {label(item, level)}
    </Badge>
  );
}
