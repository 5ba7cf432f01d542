import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { useProviders, useReferrals } from '../case-file/hooks';
import { type CasePlan, type PlanActionInput, type PlanGoalInput, usePlanStep, useSavePlan } from './hooks';
import { PlanStatus } from './PlanCard';

interface ActionForm {
  service: string | null;
  performer: string | null;
  providerId: string | null;
  dueOn: string;
  status: string;
  dropReason: string;
  referralId: string | null;
  note: string;
}
interface GoalForm {
  needsArea: string | null;
  text: string;
  actions: ActionForm[];
}

const emptyAction = (): ActionForm => ({
  service: null,
  performer: 'counsellor',
  providerId: null,
  dueOn: '',
  status: 'planned',
  dropReason: '',
  referralId: null,
  note: '',
});
const emptyGoal = (): GoalForm => ({ needsArea: null, text: '', actions: [emptyAction()] });

const formOf = (plan: CasePlan): GoalForm[] =>
  plan.goals.map((g) => ({
    needsArea: g.needsArea,
    text: g.text ?? '',
    actions: g.actions.map((a) => ({
      service: a.service,
      performer: a.performer,
      providerId: a.providerId,
      dueOn: a.dueOn ?? '',
      status: a.status,
      dropReason: a.dropReason ?? '',
      referralId: a.referralId,
      note: a.note ?? '',
    })),
  }));

const bodyOf = (goals: GoalForm[]): PlanGoalInput[] =>
  goals.map((g) => ({
    needsArea: g.needsArea ?? '',
    text: g.text.trim(),
    actions: g.actions.map((a) => ({
      service: a.service ?? '',
      performer: (a.performer ?? 'counsellor') as PlanActionInput['performer'],
      ...(a.performer === 'provider' && a.providerId ? { providerId: a.providerId } : {}),
      ...(a.dueOn ? { dueOn: a.dueOn } : {}),
      status: a.status as PlanActionInput['status'],
      ...(a.status === 'dropped' && a.dropReason.trim() ? { dropReason: a.dropReason.trim() } : {}),
      ...(a.referralId ? { referralId: a.referralId } : {}),
      ...(a.note.trim() ? { note: a.note.trim() } : {}),
    })),
  }));

/** A draft (or a returned plan): goals by needs area, their actions; save, then submit. */
export function PlanEditor({ plan, approvalRequired }: { plan: CasePlan; approvalRequired: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const areas = useCatalogue('needs-areas').data?.items ?? [];
  const services = useCatalogue('services').data?.items ?? [];
  const providers = useProviders().data?.items ?? [];
  const referrals = useReferrals(plan.caseId).data?.items ?? [];
  const save = useSavePlan(plan.caseId);
  const step = usePlanStep(plan.caseId);
  const [goals, setGoals] = useState<GoalForm[]>(() => (plan.goals.length ? formOf(plan) : [emptyGoal()]));
  const [saved, setSaved] = useState(false);
  const [key, setKey] = useState(newKey);

  const setGoal = (gi: number, patch: Partial<GoalForm>) => {
    setGoals((gs) => gs.map((g, i) => (i === gi ? { ...g, ...patch } : g)));
  };
  const setAction = (gi: number, ai: number, patch: Partial<ActionForm>) => {
    setGoals((gs) =>
      gs.map((g, i) =>
        i === gi ? { ...g, actions: g.actions.map((a, j) => (j === ai ? { ...a, ...patch } : a)) } : g,
      ),
    );
  };

  const write = () => save.mutateAsync({ planId: plan.id, version: plan.version, goals: bodyOf(goals) });

  return (
    <Paper withBorder p="sm" data-testid="plan-editor">
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          <Title order={2} fz="lg">
            {t('plan.pendingVersion', { n: plan.versionNo })}
          </Title>
          <PlanStatus status={plan.status} />
        </Group>
        {plan.status === 'returned' && plan.returnReason && (
          <Text c="red.9">{t('plan.returnedWhy', { reason: plan.returnReason })}</Text>
        )}
        {!approvalRequired && <Text fz="sm">{t('plan.noApproval')}</Text>}
        {goals.map((g, gi) => (
          <Paper key={gi} withBorder p="xs" data-testid="goal-form">
            <Stack gap="xs">
              <Text fw={700}>
                {t('plan.goal')} {gi + 1}
              </Text>
              <Select
                label={t('plan.needsArea')}
                required
                data={areas.map((a) => ({ value: a.key, label: label(a) }))}
                value={g.needsArea}
                onChange={(v) => {
                  setGoal(gi, { needsArea: v });
                }}
              />
              <Textarea
                label={t('plan.goalText')}
                required
                autosize
                minRows={2}
                value={g.text}
                onChange={(e) => {
                  setGoal(gi, { text: e.currentTarget.value });
                }}
              />
              {g.actions.map((a, ai) => (
                <Stack
                  key={ai}
                  gap={6}
                  pl="xs"
                  data-testid="action-form"
                  style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}
                >
                  <Text fw={600} fz="sm">
                    {t('plan.action')} {ai + 1}
                  </Text>
                  <Select
                    label={t('plan.service')}
                    required
                    searchable
                    data={services.map((s) => ({ value: s.key, label: label(s) }))}
                    value={a.service}
                    onChange={(v) => {
                      setAction(gi, ai, { service: v });
                    }}
                  />
                  <Select
                    label={t('plan.who')}
                    required
                    data={['counsellor', 'provider', 'survivor'].map((p) => ({
                      value: p,
                      label: t(`plan.performer.${p}`),
                    }))}
                    value={a.performer}
                    onChange={(v) => {
                      setAction(gi, ai, { performer: v });
                    }}
                  />
                  {a.performer === 'provider' && (
                    <Select
                      label={t('plan.provider')}
                      required
                      searchable
                      data={providers.map((p) => ({ value: p.id, label: p.name }))}
                      value={a.providerId}
                      onChange={(v) => {
                        setAction(gi, ai, { providerId: v });
                      }}
                    />
                  )}
                  <TextInput
                    label={t('plan.due')}
                    type="date"
                    value={a.dueOn}
                    onChange={(e) => {
                      setAction(gi, ai, { dueOn: e.currentTarget.value });
                    }}
                  />
                  {referrals.length > 0 && (
                    <Select
                      label={t('plan.referral')}
                      clearable
                      data={referrals.map((r) => ({
                        value: r.id,
                        label: `${r.provider.name ?? '—'} · ${t(`rstatus.${r.status}`, r.status)}`,
                      }))}
                      value={a.referralId}
                      onChange={(v) => {
                        setAction(gi, ai, { referralId: v });
                      }}
                    />
                  )}
                  <Textarea
                    label={t('plan.note')}
                    autosize
                    minRows={1}
                    value={a.note}
                    onChange={(e) => {
                      setAction(gi, ai, { note: e.currentTarget.value });
                    }}
                  />
                  {g.actions.length > 1 && (
                    <div>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => {
                          setGoal(gi, { actions: g.actions.filter((_, j) => j !== ai) });
                        }}
                      >
                        {t('plan.removeAction')}
                      </Button>
                    </div>
                  )}
                </Stack>
              ))}
              <Group gap="xs" wrap="wrap">
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    setGoal(gi, { actions: [...g.actions, emptyAction()] });
                  }}
                >
                  {t('plan.addAction')}
                </Button>
                {goals.length > 1 && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      setGoals((gs) => gs.filter((_, i) => i !== gi));
                    }}
                  >
                    {t('plan.removeGoal')}
                  </Button>
                )}
              </Group>
            </Stack>
          </Paper>
        ))}
        <div>
          <Button
            variant="default"
            onClick={() => {
              setGoals((gs) => [...gs, emptyGoal()]);
            }}
          >
            {t('plan.addGoal')}
          </Button>
        </div>
        <ErrorAlert error={save.error ?? step.error} />
        {saved && !save.isPending && <Text role="status">{t('plan.saved')}</Text>}
        <Group gap="xs" wrap="wrap">
          <Button
            variant="outline"
            loading={save.isPending}
            onClick={() => {
              setSaved(false);
              void write().then(
                () => {
                  setSaved(true);
                },
                () => undefined,
              );
            }}
          >
            {t('plan.save')}
          </Button>
          <Button
            loading={step.isPending}
            onClick={() => {
              void write().then(
                (written) => {
                  step.mutate(
                    { step: 'submit', planId: plan.id, version: written.version, key },
                    {
                      onSuccess: () => {
                        setKey(newKey());
                      },
                    },
                  );
                },
                () => undefined,
              );
            }}
          >
            {t('plan.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
