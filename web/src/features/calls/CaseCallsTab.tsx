import { Loader, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel, useMe } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { CASE_CALLS_SHOWN, callLine, useCaseCalls } from './caseCalls';
import { addCallMessages } from './messages';
import type { CaseCall } from './queries';

addCallMessages();

function CallRow({ call, meId }: { call: CaseCall; meId?: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const categories = useCatalogue('call-categories').data?.items ?? [];
  const outcomes = useCatalogue('call-outcomes').data?.items ?? [];
  const channels = useCatalogue('channels').data?.items ?? [];
  const line = callLine(call, meId);
  return (
    <Paper withBorder p="sm" maw={720} component="li" data-testid="case-call">
      <Stack gap={2}>
        <Text fw={700} ff="monospace">
          {line.at} · {line.duration}
        </Text>
        <Text fz="sm">
          {label(
            categories.find((i) => i.key === call.category),
            call.category,
          )}
          {' · '}
          {label(
            outcomes.find((i) => i.key === call.outcome),
            call.outcome,
          )}
        </Text>
        <Text fz="sm" c="dimmed">
          {label(
            channels.find((i) => i.key === call.channel),
            call.channel,
          )}
          {' · '}
          {t('calls.by', { who: line.byMe ? t('file.you') : (call.operatorName ?? t('file.other')) })}
        </Text>
      </Stack>
    </Paper>
  );
}

/** The case file's calls: every hotline call linked to the case, newest first (read-only; audited by the API). */
export function CaseCallsTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const q = useCaseCalls(id);
  if (q.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (q.data.length === 0) return <Text>{t('calls.caseNone')}</Text>;
  return (
    <Stack gap="xs">
      <Stack
        component="ul"
        gap="xs"
        aria-label={t('calls.caseList')}
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {q.data.map((c) => (
          <CallRow key={c.id} call={c} meId={me?.id} />
        ))}
      </Stack>
      {q.data.length >= CASE_CALLS_SHOWN && (
        <Text fz="sm" c="dimmed">
          {t('calls.caseMore', { count: CASE_CALLS_SHOWN })}
        </Text>
      )}
    </Stack>
  );
}
