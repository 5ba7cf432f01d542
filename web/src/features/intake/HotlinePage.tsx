import { useEffect, useRef, useState } from 'react';
import { DuplicateLinks } from '../duplicates/DuplicateLinks';
import { Alert, Button, Grid, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { useCatalogue, useLabel } from '../../app/hooks';
import { CallPanel } from '../calls/CallPanel';
import { TodayCalls } from '../calls/TodayCalls';
import { drafts, toIntake, type Draft, type Saved } from './draft';
import { HighRiskBlock, REASON_MIN } from './HighRiskBlock';
import { incidentDate } from './identity';
import { IncidentSection } from './IncidentSection';
import { useSendEmergencyReferral } from './queries';
import { RecentCases } from './RecentCases';
import { ReporterSection } from './ReporterSection';
import { liveRisk, type RiskQuestion } from './risk';
import { RiskSection } from './RiskSection';
import { SurvivorSection } from './SurvivorSection';

type Created = Saved;

const SECTIONS = ['sec-channel', 'sec-survivor', 'sec-incident', 'sec-risk', 'sec-note'] as const;

/** Alt+digit (never a letter: Vietnamese input methods own those) jumps to a section; Alt+0 saves. */
function useSectionKeys(save: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || !/^Digit[0-5]$/.test(e.code)) return;
      e.preventDefault();
      const n = Number(e.code.slice(5));
      if (n === 0) {
        save();
        return;
      }
      const id = SECTIONS[n - 1];
      const section = id ? document.getElementById(id) : null;
      section?.querySelector<HTMLElement>('input:not([disabled]), textarea, button')?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [save]);
}

/** Whether the chosen emergency referral can be sent (a house and a long enough reason). */
const referralReady = (d: Draft) =>
  d.emergency.providerId !== null && d.emergency.reason.trim().length >= REASON_MIN;

export default function HotlinePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const [draft, setDraftState] = useState<Draft>(drafts.get);
  const [created, setCreatedState] = useState<Created | null>(drafts.saved);
  const setCreated = (c: Created | null) => {
    drafts.setSaved(c);
    setCreatedState(c);
  };
  const [error, setError] = useState<string | null>(null);
  const newCallRef = useRef<HTMLButtonElement>(null);
  const channels = useCatalogue('channels').data;
  const questionnaire = useCatalogue('risk-questionnaire').data;
  const levels = questionnaire?.levels ?? [];
  const referral = useSendEmergencyReferral();

  const update = (patch: Partial<Draft>) => {
    const next = { ...drafts.get(), ...patch };
    drafts.set(next);
    setDraftState(next);
  };

  const live = liveRisk((questionnaire?.items ?? []) as unknown as RiskQuestion[], levels, draft.risk).level;
  const savedLevel = levels.find((l) => l.level === created?.riskLevel);
  const highRisk = created ? savedLevel?.alert === true : live?.alert === true;

  const missing = [
    !draft.channel && t('hotline.channel'),
    !draft.sex && t('hotline.sex'),
    draft.violenceTypes.length === 0 && t('hotline.violenceTypes'),
    draft.thirdParty && !draft.reporterRelationship && t('hotline.reporterRelationship'),
    draft.incidentDate.trim() !== '' && !incidentDate(draft.incidentDate) && t('hotline.incidentDate'),
  ].filter(Boolean) as string[];

  const sendReferral = (caseId: string, d: Draft) => {
    if (!d.emergency.providerId) return;
    referral.mutate({
      caseId,
      providerId: d.emergency.providerId,
      services: d.emergency.services,
      reasonText: d.emergency.reason.trim(),
      idempotencyKey: d.emergency.idempotencyKey,
    });
  };

  const save = useMutation({
    mutationFn: async (d: Draft) =>
      unwrap(
        await api.POST('/api/v1/cases', {
          body: toIntake(d) as never,
          params: { header: { 'Idempotency-Key': d.idempotencyKey } },
        }),
      ) as Created,
    onSuccess: (c) => {
      setCreated(c);
      setError(null);
      // The safe house chosen during the call goes at once: one step, no second form.
      const d = drafts.get();
      if (referralReady(d)) sendReferral(c.id, d);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (err) => {
      setError(err instanceof ApiError && err.message ? err.message : t('app.error'));
    },
  });

  const submit = () => {
    if (missing.length > 0 || save.isPending || created) return;
    save.mutate(drafts.get());
  };
  useSectionKeys(submit);

  useEffect(() => {
    if (created) newCallRef.current?.focus();
  }, [created]);

  const newCall = () => {
    setDraftState(drafts.reset());
    setCreated(null);
    setError(null);
    save.reset();
    referral.reset();
    document.getElementById(SECTIONS[0])?.querySelector<HTMLElement>('input')?.focus();
  };

  const highRiskBlock = (
    <HighRiskBlock
      communeCode={draft.communeCode}
      value={draft.emergency}
      onChange={(emergency) => {
        update({ emergency });
      }}
      {...(created
        ? {
            onSend: () => {
              sendReferral(created.id, drafts.get());
            },
            sending: referral.isPending,
            sent: referral.data ?? null,
            error: referral.error,
          }
        : {})}
    />
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="baseline" wrap="wrap">
        <Title order={1} size="h2">
          {t('hotline.title')}
        </Title>
        <Text size="xs" c="gray.7">
          {t('hotline.shortcuts')}
        </Text>
      </Group>
      {created && (
        <Alert
          color="teal"
          title={t('hotline.saved')}
          styles={{
            title: { color: 'var(--mantine-color-dark-9)' },
            message: { color: 'var(--mantine-color-dark-9)' },
          }}
          role="status"
          data-testid="created"
        >
          <Stack gap={6}>
            <Text>{t('hotline.readBack')}</Text>
            <Text ff="monospace" fz={28} fw={700} data-testid="reference">
              {created.reference}
            </Text>
            {created.riskLevel && (
              <Text>
                {t('hotline.riskLevel')}: {label(savedLevel, created.riskLevel)}
              </Text>
            )}
            <DuplicateLinks caseId={created.id} duplicates={created.possibleDuplicates} />
            {highRisk && highRiskBlock}
            <Button ref={newCallRef} onClick={newCall} w="fit-content" data-testid="new-call">
              {t('hotline.newCall')}
            </Button>
          </Stack>
        </Alert>
      )}
      <CallPanel caseId={created?.id ?? null} channel={draft.channel} />
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack
            gap="sm"
            component="form"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
            aria-label={t('hotline.title')}
          >
            <fieldset disabled={created !== null} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack gap="sm">
                <Paper withBorder p="sm" component="section" id="sec-channel" aria-labelledby="h-channel">
                  <Radio.Group
                    label={<span id="h-channel">{t('hotline.channel')}</span>}
                    withAsterisk
                    value={draft.channel}
                    onChange={(v) => {
                      update({ channel: v });
                    }}
                  >
                    <Group gap="sm" mt={6}>
                      {channels?.items.map((c) => (
                        <Radio key={c.key} value={c.key} label={label(c)} />
                      ))}
                    </Group>
                  </Radio.Group>
                </Paper>
                <ReporterSection draft={draft} update={update} />
                <SurvivorSection draft={draft} update={update} />
                <IncidentSection draft={draft} update={update} />
                <RiskSection
                  answers={draft.risk}
                  onChange={(risk) => {
                    update({ risk });
                  }}
                />
                {!created && highRisk && highRiskBlock}
                <Paper withBorder p="sm" component="section" id="sec-note">
                  <Textarea
                    label={t('hotline.note')}
                    value={draft.note}
                    onChange={(e) => {
                      update({ note: e.currentTarget.value });
                    }}
                    autosize
                    minRows={2}
                    maxRows={8}
                  />
                </Paper>
              </Stack>
            </fieldset>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {!created && (
              <Group>
                <Button
                  type="submit"
                  loading={save.isPending}
                  disabled={missing.length > 0}
                  data-testid="save-case"
                >
                  {t('hotline.save')}
                </Button>
                {missing.length > 0 && (
                  <Text size="sm" c="gray.7" aria-live="polite">
                    {t('hotline.missing', { fields: missing.join(', ') })}
                  </Text>
                )}
              </Group>
            )}
            <Text size="xs" c="gray.7">
              {t('hotline.draftKept')}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm">
            <TodayCalls />
            <RecentCases />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
