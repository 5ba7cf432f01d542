import { useState } from 'react';
import { Badge, Button, Group, Paper, Progress, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel, useMe } from '../../app/hooks';
import { formatDate, formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { type CasePlan, type PlanAction, usePlanStep, useUpdateAction } from './hooks';
import { addPlanMessages } from './messages';

addPlanMessages();

const STATUS_COLOR: Record<string, string> = {
  draft: 'gray.8',
  submitted: 'indigo.9',
  approved: 'teal.9',
  returned: 'red.9',
  superseded: 'gray.7',
  planned: 'gray.8',
  in_progress: 'blue.9',
  done: 'teal.9',
  dropped: 'gray.7',
};

export function PlanStatus({
  status,
  kind = 'status',
}: {
  status: string;
  kind?: 'status' | 'actionStatus';
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[status] ?? 'gray.8'}
      data-testid={kind === 'status' ? 'plan-status' : 'action-status'}
    >
      {t(`plan.${kind}.${status}`)}
    </Badge>
  );
}

/**
 * A plan version: its status, progress bar (done/total, dropped actions left out), goals by needs area
 * with their actions (who, due date, status). `progressUpdates`: the approved plan's actions may be moved.
 */
export function PlanCard({
  plan,
  title,
  progressUpdates = false,
}: {
  plan: CasePlan;
  title: string;
  progressUpdates?: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const areas = useCatalogue('needs-areas').data?.items ?? [];
  const { done, total } = plan.progress;
  return (
    <Paper withBorder p="sm" data-testid={`plan-${plan.status}`}>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Title order={2} fz="lg">
            {title}
          </Title>
          <PlanStatus status={plan.status} />
        </Group>
        {plan.submittedAt && (
          <Text fz="sm" c="dimmed">
            {t('plan.submittedAt', { at: formatDateTime(plan.submittedAt) })}
            {plan.decidedAt ? ` · ${t('plan.decidedAt', { at: formatDateTime(plan.decidedAt) })}` : ''}
          </Text>
        )}
        {plan.status === 'returned' && plan.returnReason && (
          <Text c="red.9">{t('plan.returnedWhy', { reason: plan.returnReason })}</Text>
        )}
        <Text fz="sm" data-testid="plan-progress">
          {t('plan.progress', { done, total })}
        </Text>
        <Progress
          value={total === 0 ? 0 : (done / total) * 100}
          aria-label={t('plan.progress', { done, total })}
          color="teal.9"
        />
        {plan.goals.map((g) => (
          <Paper key={g.id} withBorder p="xs" data-testid="plan-goal">
            <Text fw={700}>
              {label(
                areas.find((a) => a.key === g.needsArea),
                g.needsArea,
              )}
            </Text>
            <Text mb={4}>{g.text}</Text>
            <Stack gap={6}>
              {g.actions.map((a) => (
                <ActionLine key={a.id} caseId={plan.caseId} action={a} editable={progressUpdates} />
              ))}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}

function ActionLine({ caseId, action, editable }: { caseId: string; action: PlanAction; editable: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const services = useCatalogue('services').data?.items ?? [];
  const update = useUpdateAction(caseId);
  const [status, setStatus] = useState<string | null>(action.status);
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(newKey);
  const changeable = editable && action.status !== 'dropped';
  return (
    <Stack
      gap={4}
      data-testid="plan-action"
      pl="xs"
      style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}
    >
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>
          {label(
            services.find((s) => s.key === action.service),
            action.service,
          )}
        </Text>
        <PlanStatus status={action.status} kind="actionStatus" />
      </Group>
      <Text fz="sm">
        {t(`plan.performer.${action.performer}`)}
        {action.providerName ? `: ${action.providerName}` : ''}
        {action.dueOn ? ` · ${t('plan.dueShort')}: ${formatDate(action.dueOn)}` : ''}
      </Text>
      {action.referralStatus && (
        <Text fz="sm">
          {t('plan.referralStatus', { status: t(`rstatus.${action.referralStatus}`, action.referralStatus) })}
        </Text>
      )}
      {action.note && <Text fz="sm">{action.note}</Text>}
      {action.dropReason && (
        <Text fz="sm" c="dimmed">
          {t('plan.dropReason')}: {action.dropReason}
        </Text>
      )}
      {changeable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!status) return;
            update.mutate(
              {
                actionId: action.id,
                version: action.version,
                status: status as PlanAction['status'],
                dropReason: reason.trim(),
                key,
              },
              {
                onSuccess: () => {
                  setKey(newKey());
                },
              },
            );
          }}
        >
          <Group gap="xs" align="flex-end" wrap="wrap">
            <Select
              size="xs"
              label={t('plan.state')}
              data={(action.referralId ? ['dropped'] : ['planned', 'in_progress', 'done', 'dropped']).map(
                (s) => ({
                  value: s,
                  label: t(`plan.actionStatus.${s}`),
                }),
              )}
              value={status}
              onChange={setStatus}
              w={170}
            />
            {status === 'dropped' && (
              <Textarea
                size="xs"
                label={t('plan.dropReason')}
                value={reason}
                onChange={(e) => {
                  setReason(e.currentTarget.value);
                }}
                autosize
                minRows={1}
                style={{ flex: '1 1 200px' }}
              />
            )}
            <Button size="xs" type="submit" variant="default" loading={update.isPending}>
              {t('plan.setStatus')}
            </Button>
          </Group>
          <ErrorAlert error={update.error} />
        </form>
      )}
    </Stack>
  );
}

/** Approve or return a submitted plan: a supervisor other than its submitter. */
export function DecisionBar({ plan, onDone }: { plan: CasePlan; onDone?: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const step = usePlanStep(plan.caseId);
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(newKey);
  if (plan.status !== 'submitted' || !me?.roles.includes('supervisor') || plan.submittedBy === me.id)
    return null;
  const decide = (s: 'approve' | 'return') => {
    step.mutate(
      {
        step: s,
        planId: plan.id,
        version: plan.version,
        key,
        ...(s === 'return' ? { reason: reason.trim() } : {}),
      },
      {
        onSuccess: () => {
          setKey(newKey());
          onDone?.();
        },
      },
    );
  };
  return (
    <Stack gap="xs">
      <Textarea
        label={t('plan.returnReason')}
        value={reason}
        onChange={(e) => {
          setReason(e.currentTarget.value);
        }}
        autosize
        minRows={1}
      />
      <Group gap="xs" wrap="wrap">
        <Button
          color="teal.9"
          onClick={() => {
            decide('approve');
          }}
          loading={step.isPending}
        >
          {t('plan.approve')}
        </Button>
        <Button
          variant="outline"
          color="red.9"
          disabled={reason.trim() === ''}
          onClick={() => {
            decide('return');
          }}
        >
          {t('plan.return')}
        </Button>
      </Group>
      <ErrorAlert error={step.error} />
    </Stack>
  );
}
