import { List, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatTime } from '../../app/i18n/format';
import { addCallMessages } from './messages';
import { formatDuration, useTodayCalls } from './queries';

addCallMessages();

/** The operator's own calls of today, newest first: time, duration, category and outcome. */
export function TodayCalls() {
  const { t } = useTranslation();
  const label = useLabel();
  const categories = useCatalogue('call-categories').data?.items ?? [];
  const outcomes = useCatalogue('call-outcomes').data?.items ?? [];
  const calls = useTodayCalls();
  const items = calls.data ?? [];
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="today-calls-title">
      <Title order={2} size="h4" id="today-calls-title" mb="xs">
        {t('calls.today')}
      </Title>
      {calls.isSuccess && items.length === 0 ? (
        <Text size="sm">{t('calls.todayEmpty')}</Text>
      ) : (
        <List size="sm" spacing={4} listStyleType="none" data-testid="today-calls">
          {items.map((c) => (
            <List.Item key={c.id}>
              <Text span ff="monospace" size="sm">
                {formatTime(c.startedAt)} · {formatDuration(c.durationSeconds)}
              </Text>{' '}
              ·{' '}
              {label(
                categories.find((i) => i.key === c.category),
                c.category,
              )}{' '}
              ·{' '}
              {label(
                outcomes.find((i) => i.key === c.outcome),
                c.outcome,
              )}
              {c.caseId ? ` · ${t('calls.withCase')}` : ''}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
