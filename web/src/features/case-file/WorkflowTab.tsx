import { useState } from 'react';
import { Alert, Button, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { useStatusHistory, useTransition, type CaseFile } from './hooks';
import { OpenItems } from './SummaryTab';

/** The next stage of the workflow (forward one step; the API decides and names what it allows). */
const NEXT: Record<string, 'assessment' | 'case_plan' | 'in_progress' | 'reopened' | undefined> = {
  intake: 'assessment',
  assessment: 'case_plan',
  case_plan: 'in_progress',
  reopened: 'in_progress',
  closed: 'reopened',
};

export function WorkflowTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const label = useLabel();
  const reasons = useCatalogue('closure-reasons').data?.items ?? [];
  const move = useTransition(file.id);
  const close = useTransition(file.id);
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [reasonText, setReasonText] = useState('');
  const next = NEXT[file.status];
  const status = (s: string) => t(`status.${s}`, { defaultValue: s });
  const history = useStatusHistory(file.id);
  const pending =
    file.closurePending !== null || close.data?.closurePending === true || move.data?.closurePending === true;
  return (
    <Stack gap="md">
      <Text fz="lg" fw={600}>
        {t('workflow.current', { status: status(file.status) })}
      </Text>
      {next && (
        <div>
          <Button
            variant="default"
            loading={move.isPending}
            onClick={() => {
              move.mutate({ to: next });
            }}
          >
            {t('workflow.moveTo', { status: status(next) })}
          </Button>
        </div>
      )}
      <ErrorAlert error={move.error} />
      {file.status !== 'closed' && (
        <Paper
          component="form"
          withBorder
          p="sm"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reasonCode) return;
            close.mutate({
              to: 'closed',
              reasonCode,
              ...(reasonText.trim() ? { reasonText: reasonText.trim() } : {}),
            });
          }}
        >
          <Stack gap="xs">
            <Title order={2} fz="lg">
              {t('workflow.close')}
            </Title>
            <Text fw={600}>{t('workflow.stillOpen')}</Text>
            <OpenItems file={file} />
            <Select
              label={t('workflow.reason')}
              required
              data={reasons
                .filter((r) => r.offered !== false)
                .map((r) => ({ value: r.key, label: label(r) }))}
              value={reasonCode}
              onChange={setReasonCode}
            />
            <Textarea
              label={t('workflow.reasonText')}
              value={reasonText}
              onChange={(e) => {
                setReasonText(e.currentTarget.value);
              }}
            />
            <ErrorAlert error={close.error} />
            {pending && (
              <Alert color="teal" role="status" data-testid="closure-pending">
                {file.closurePending
                  ? t('workflow.pendingSince', {
                      at: formatDateTime(file.closurePending.requestedAt),
                      reason: label(
                        reasons.find((r) => r.key === file.closurePending?.reasonCode),
                        file.closurePending.reasonCode,
                      ),
                    })
                  : t('workflow.pending')}
              </Alert>
            )}
            <div>
              <Button type="submit" loading={close.isPending} disabled={!reasonCode || pending}>
                {t('workflow.close')}
              </Button>
            </div>
          </Stack>
        </Paper>
      )}
      <Title order={2} fz="lg">
        {t('workflow.history')}
      </Title>
      <ErrorAlert error={history.error} />
      <Stack gap={4} component="ul" style={{ paddingLeft: 18, margin: 0 }}>
        {(history.data ?? []).map((h, n) => (
          <Text component="li" key={`${h.at}-${String(n)}`} data-testid="status-history">
            {t('workflow.move', {
              from: h.from ? status(h.from) : '—',
              to: status(h.to),
              at: formatDateTime(h.at),
              by: h.byName ?? '—',
            })}
            {h.reasonCode
              ? ` · ${label(
                  reasons.find((r) => r.key === h.reasonCode),
                  h.reasonCode,
                )}`
              : ''}
          </Text>
        ))}
      </Stack>
    </Stack>
  );
}
