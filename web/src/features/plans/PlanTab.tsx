import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { useCurrentPlan, usePlanVersion, usePlanVersions, useStartPlan } from './hooks';
import { addPlanMessages } from './messages';
import { DecisionBar, PlanCard, PlanStatus } from './PlanCard';
import { PlanEditor } from './PlanEditor';

addPlanMessages();

/** The case file's "Kế hoạch" tab: the plan in force, the version being written or decided, earlier versions. */
export function PlanTab({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const current = useCurrentPlan(caseId);
  const start = useStartPlan(caseId);
  const [key, setKey] = useState(newKey);
  if (current.isPending) return <Text>{t('app.loading')}</Text>;
  if (current.isError) return <ErrorAlert error={current.error} />;
  const { approved, pending, approvalRequired } = current.data;
  const editable = pending && (pending.status === 'draft' || pending.status === 'returned');
  return (
    <Stack gap="md">
      {!approved && !pending && <Text>{t('plan.none')}</Text>}
      {pending && editable && (
        <PlanEditor
          key={`${pending.id}:${pending.version}`}
          plan={pending}
          approvalRequired={approvalRequired}
        />
      )}
      {pending && !editable && (
        <Stack gap="xs">
          <PlanCard plan={pending} title={t('plan.pendingVersion', { n: pending.versionNo })} />
          <DecisionBar plan={pending} />
        </Stack>
      )}
      {!pending && (
        <div>
          <Button
            loading={start.isPending}
            onClick={() => {
              start.mutate(key, {
                onSuccess: () => {
                  setKey(newKey());
                },
              });
            }}
          >
            {approved ? t('plan.newVersion') : t('plan.start')}
          </Button>
          <ErrorAlert error={start.error} />
        </div>
      )}
      {approved && (
        <PlanCard
          plan={approved}
          title={t('plan.approvedVersion', { n: approved.versionNo })}
          progressUpdates
        />
      )}
      <Versions caseId={caseId} />
    </Stack>
  );
}

function Versions({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const versions = usePlanVersions(caseId);
  const [open, setOpen] = useState<string | null>(null);
  const shown = usePlanVersion(caseId, open);
  const items = versions.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={2} fz="lg">
          {t('plan.versions')}
        </Title>
        {items.map((v) => (
          <Stack key={v.id} gap={4} data-testid="plan-version">
            <Group gap="xs" wrap="wrap">
              <Text fw={600}>{t('plan.version', { n: v.versionNo })}</Text>
              <PlanStatus status={v.status} />
              <Text fz="sm" c="dimmed">
                {formatDateTime(v.decidedAt ?? v.submittedAt ?? v.createdAt)}
              </Text>
              <Button
                size="xs"
                variant="default"
                onClick={() => {
                  setOpen(open === v.id ? null : v.id);
                }}
              >
                {open === v.id ? t('plan.hide') : t('plan.show')}
              </Button>
            </Group>
            {open === v.id && shown.data && (
              <PlanCard plan={shown.data} title={t('plan.version', { n: v.versionNo })} />
            )}
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
