import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { addCaseWorkMessages } from './messages';
import {
  useReviewSafetyPlan,
  useSafetyPlan,
  useSafetyPlanHistory,
  useSaveSafetyPlan,
  type SafetyPlan,
  type SafetyPlanBody,
} from './hooks';

addCaseWorkMessages();

/** Urgent states stand out (colour only repeats the words; contrast at least 4.5:1). */
const STATUS_LOOK: Record<string, { color: string; variant: 'filled' | 'outline' }> = {
  needed: { color: 'red.9', variant: 'filled' },
  review_due: { color: 'red.9', variant: 'outline' },
  current: { color: 'gray.9', variant: 'outline' },
  not_needed: { color: 'gray.9', variant: 'outline' },
};

type Suggestion = { key: string; vi: string; en: string; number?: string };

/** The safety plan: its status first, the survivor's code word, the structured form, review, history. */
export function SafetyPlanTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useSafetyPlan(id);
  // Kept above the form: a save refreshes the plan and remounts the form at the new version.
  const save = useSaveSafetyPlan(id);
  const review = useReviewSafetyPlan(id);
  if (!q.data) return q.error ? <ErrorAlert error={q.error} /> : <Text>{t('app.loading')}</Text>;
  const d = q.data;
  return (
    <Stack gap="md">
      <Status plan={d} />
      <SafeContact plan={d} />
      <PlanForm key={d.plan?.version ?? 0} plan={d} save={save} review={review} />
      <History id={id} />
    </Stack>
  );
}

function Status({ plan }: { plan: SafetyPlan }) {
  const { t } = useTranslation();
  const label = useLabel();
  const levels = useCatalogue('risk-questionnaire').data?.levels ?? [];
  const s = plan.safetyPlan;
  const level = s.riskLevel
    ? label(
        levels.find((l) => l.level === s.riskLevel),
        s.riskLevel,
      )
    : null;
  return (
    <Alert
      color={STATUS_LOOK[s.status]?.color ?? 'gray.9'}
      variant={STATUS_LOOK[s.status]?.variant ?? 'outline'}
      data-testid="safety-plan-status"
      data-status={s.status}
    >
      <Text fw={700}>{t(`sp.status.${s.status}`)}</Text>
      {level && s.assessedAt && (
        <Text fz="sm">{t('sp.assessed', { level, at: formatDateTime(s.assessedAt) })}</Text>
      )}
      {plan.plan && (
        <Text fz="sm">
          {t('sp.reviewed', {
            at: formatDateTime(plan.plan.reviewedAt),
            by: plan.plan.reviewedByName ?? '—',
          })}
        </Text>
      )}
    </Alert>
  );
}

function SafeContact({ plan }: { plan: SafetyPlan }) {
  const { t } = useTranslation();
  const sc = plan.safeContact;
  return (
    <Paper withBorder p="sm">
      <Text fw={700}>{t('sp.safeContact')}</Text>
      {sc.codeWord ? (
        <Text>
          {t('sp.codeWord')}: <b>{sc.codeWord}</b>
        </Text>
      ) : (
        <Text>{t('sp.noCodeWord')}</Text>
      )}
      {sc.safeTimes && (
        <Text>
          {t('sp.safeTimes')}: {sc.safeTimes}
        </Text>
      )}
    </Paper>
  );
}

const emptyBody = (numbers: Suggestion[], label: (s: Suggestion) => string): SafetyPlanBody => ({
  warningSigns: '',
  safePlaces: '',
  trustedPeople: [],
  leavingItems: [],
  leavingOther: '',
  emergencyNumbers: numbers.map((n) => ({ label: label(n), number: n.number ?? '' })),
  steps: '',
});

function PlanForm({
  plan,
  save,
  review,
}: {
  plan: SafetyPlan;
  save: ReturnType<typeof useSaveSafetyPlan>;
  review: ReturnType<typeof useReviewSafetyPlan>;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const items = (useCatalogue('leaving-items').data?.items ?? []) as Suggestion[];
  const numbers = (useCatalogue('emergency-numbers').data?.items ?? []) as Suggestion[];
  const [key, setKey] = useState(newKey);
  const [body, setBody] = useState<SafetyPlanBody | null>(plan.plan ? pick(plan.plan) : null);
  const current = body ?? emptyBody(numbers, (n) => label(n));
  const set = (patch: Partial<SafetyPlanBody>) => {
    setBody({ ...current, ...patch });
  };
  const conflict = save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT';
  const text = (name: 'warningSigns' | 'safePlaces' | 'leavingOther' | 'steps', rows = 2) => (
    <Textarea
      label={t(`sp.${name}`)}
      autosize
      minRows={rows}
      value={current[name]}
      onChange={(e) => {
        set({ [name]: e.currentTarget.value });
      }}
    />
  );
  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          {
            key,
            body: {
              ...current,
              trustedPeople: current.trustedPeople.filter((p) => p.name.trim()),
              emergencyNumbers: current.emergencyNumbers.filter((n) => n.label.trim() && n.number.trim()),
              version: plan.plan?.version ?? 0,
            },
          },
          {
            onSettled: () => {
              setKey(newKey());
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        {text('warningSigns')}
        {text('safePlaces')}
        <Title order={2} fz="md">
          {t('sp.trustedPeople')}
        </Title>
        {current.trustedPeople.map((p, i) => (
          <Group key={i} gap="xs" align="end" wrap="wrap" data-testid="trusted-person">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" style={{ flex: 1, minWidth: 220 }}>
              {(['name', 'relationship', 'howToReach'] as const).map((f) => (
                <TextInput
                  key={f}
                  label={t(`sp.${f}`)}
                  value={p[f]}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    set({
                      trustedPeople: current.trustedPeople.map((x, j) => (j === i ? { ...x, [f]: v } : x)),
                    });
                  }}
                />
              ))}
            </SimpleGrid>
            <Button
              variant="default"
              onClick={() => {
                set({ trustedPeople: current.trustedPeople.filter((_, j) => j !== i) });
              }}
            >
              {t('sp.remove')}
            </Button>
          </Group>
        ))}
        <div>
          <Button
            variant="default"
            onClick={() => {
              set({
                trustedPeople: [...current.trustedPeople, { name: '', relationship: '', howToReach: '' }],
              });
            }}
          >
            {t('sp.addPerson')}
          </Button>
        </div>
        <Checkbox.Group
          label={t('sp.leaving')}
          value={current.leavingItems}
          onChange={(v) => {
            set({ leavingItems: v });
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
            {items.map((it) => (
              <Checkbox key={it.key} value={it.key} label={label(it)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {text('leavingOther')}
        <Title order={2} fz="md">
          {t('sp.numbers')}
        </Title>
        {current.emergencyNumbers.map((n, i) => (
          <Group key={i} gap="xs" align="end" wrap="nowrap">
            <TextInput
              style={{ flex: 2 }}
              label={t('sp.label')}
              value={n.label}
              onChange={(e) => {
                const v = e.currentTarget.value;
                set({
                  emergencyNumbers: current.emergencyNumbers.map((x, j) =>
                    j === i ? { ...x, label: v } : x,
                  ),
                });
              }}
            />
            <TextInput
              style={{ flex: 1, minWidth: 80 }}
              label={t('sp.number')}
              inputMode="tel"
              value={n.number}
              onChange={(e) => {
                const v = e.currentTarget.value;
                set({
                  emergencyNumbers: current.emergencyNumbers.map((x, j) =>
                    j === i ? { ...x, number: v } : x,
                  ),
                });
              }}
            />
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={`${t('sp.remove')} ${n.label}`}
              onClick={() => {
                set({ emergencyNumbers: current.emergencyNumbers.filter((_, j) => j !== i) });
              }}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <div>
          <Button
            variant="default"
            onClick={() => {
              set({ emergencyNumbers: [...current.emergencyNumbers, { label: '', number: '' }] });
            }}
          >
            {t('sp.addNumber')}
          </Button>
        </div>
        {text('steps', 3)}
        {conflict ? <Alert color="red">{t('sp.conflict')}</Alert> : <ErrorAlert error={save.error} />}
        <ErrorAlert error={review.error} />
        {save.isSuccess && (
          <Text role="status">{t('sp.saved', { version: save.data.plan?.version ?? '' })}</Text>
        )}
        {review.isSuccess && <Text role="status">{t('sp.reviewedNow')}</Text>}
        <Group gap="sm" wrap="wrap">
          <Button type="submit" loading={save.isPending}>
            {t('sp.save')}
          </Button>
          {plan.plan && (
            <Button
              variant="outline"
              loading={review.isPending}
              onClick={() => {
                review.mutate(newKey());
              }}
            >
              {t('sp.review')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function pick(p: NonNullable<SafetyPlan['plan']>): SafetyPlanBody {
  return {
    warningSigns: p.warningSigns,
    safePlaces: p.safePlaces,
    trustedPeople: p.trustedPeople,
    leavingItems: p.leavingItems,
    leavingOther: p.leavingOther,
    emergencyNumbers: p.emergencyNumbers,
    steps: p.steps,
  };
}

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useSafetyPlanHistory(id);
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={2} fz="md">
        {t('sp.history')}
      </Title>
      {items.map((h, i) => (
        <Text key={i} fz="sm" data-testid="safety-plan-history">
          {formatDateTime(h.at)} ·{' '}
          {h.kind === 'version'
            ? t('sp.version', { version: h.version, by: h.byName ?? '—' })
            : t('sp.reviewEntry', { version: h.version, by: h.byName ?? '—' }) +
              (h.source === 'follow_up' ? t('sp.viaFollowUp') : '')}
        </Text>
      ))}
    </Stack>
  );
}
