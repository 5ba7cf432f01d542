import { useState } from 'react';
import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { usePlanApprovals, usePlanVersion } from './hooks';
import { addPlanMessages } from './messages';
import { DecisionBar, PlanCard } from './PlanCard';

addPlanMessages();

/** The supervisor's plans awaiting approval: a simple list; open one, approve or return it. */
export default function PlanApprovalsPage() {
  const { t } = useTranslation();
  const list = usePlanApprovals();
  const [open, setOpen] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Title order={1}>{t('approvals.title')}</Title>
      <Text>{t('approvals.intro')}</Text>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loader size="sm" aria-label={t('app.loading')} />}
      {list.isSuccess && items.length === 0 && <Text>{t('approvals.empty')}</Text>}
      {items.map((i) => (
        <Paper key={i.planId} withBorder p="sm" data-testid="plan-approval">
          <Stack gap="xs">
            <Group gap="xs" wrap="wrap" justify="space-between">
              <Stack gap={0}>
                <Text fw={700}>
                  {i.reference} · {t('plan.version', { n: i.versionNo })}
                </Text>
                <Text fz="sm">
                  {t('approvals.submitter')}: {i.submitterName ?? '—'}
                  {i.submittedAt ? ` · ${formatDateTime(i.submittedAt)}` : ''}
                </Text>
              </Stack>
              <Button
                size="xs"
                variant="default"
                onClick={() => {
                  setOpen(open === i.planId ? null : i.planId);
                }}
              >
                {open === i.planId ? t('approvals.close') : t('approvals.open')}
              </Button>
            </Group>
            {open === i.planId && (
              <Opened
                caseId={i.caseId}
                planId={i.planId}
                onDone={() => {
                  setOpen(null);
                }}
              />
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function Opened({ caseId, planId, onDone }: { caseId: string; planId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const plan = usePlanVersion(caseId, planId);
  if (plan.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (plan.isError) return <ErrorAlert error={plan.error} />;
  return (
    <Stack gap="xs">
      <PlanCard plan={plan.data} title={t('plan.version', { n: plan.data.versionNo })} />
      <DecisionBar plan={plan.data} onDone={onDone} />
    </Stack>
  );
}
