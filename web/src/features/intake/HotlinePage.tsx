import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { useCatalogue, useLabel } from '../../app/hooks';
import { CommunePicker } from './CommunePicker';
import { RecentCases } from './RecentCases';
import { drafts, toIntake, type Draft } from './draft';
import { RiskSection } from './RiskSection';

type Created = { reference: string; riskLevel: string | null; possibleDuplicates: { reference: string }[] };

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

export default function HotlinePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const [draft, setDraftState] = useState<Draft>(drafts.get);
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const newCallRef = useRef<HTMLButtonElement>(null);
  const channels = useCatalogue('channels').data;
  const sexes = useCatalogue('sexes').data;
  const violence = useCatalogue('violence-types').data;
  const relationships = useCatalogue('relationships').data;
  const levels = useCatalogue('risk-questionnaire').data?.levels ?? [];

  const update = (patch: Partial<Draft>) => {
    const next = { ...drafts.get(), ...patch };
    drafts.set(next);
    setDraftState(next);
  };

  const missing = [
    !draft.channel && t('hotline.channel'),
    !draft.sex && t('hotline.sex'),
    draft.violenceTypes.length === 0 && t('hotline.violenceTypes'),
  ].filter(Boolean) as string[];

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
    document.getElementById(SECTIONS[0])?.querySelector<HTMLElement>('input')?.focus();
  };

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
        <Alert color="teal" title={t('hotline.saved')} role="status" data-testid="created">
          <Stack gap={6}>
            <Text>{t('hotline.readBack')}</Text>
            <Text ff="monospace" fz={28} fw={700} data-testid="reference">
              {created.reference}
            </Text>
            {created.riskLevel && (
              <Text>
                {t('hotline.riskLevel')}:{' '}
                {label(
                  levels.find((l) => l.level === created.riskLevel),
                  created.riskLevel,
                )}
              </Text>
            )}
            {created.possibleDuplicates.length > 0 && (
              <Text c="orange.8">
                {t('hotline.duplicates', {
                  refs: created.possibleDuplicates.map((d) => d.reference).join(', '),
                })}
              </Text>
            )}
            <Button ref={newCallRef} onClick={newCall} w="fit-content" data-testid="new-call">
              {t('hotline.newCall')}
            </Button>
          </Stack>
        </Alert>
      )}
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

                <Paper withBorder p="sm" component="section" id="sec-survivor" aria-labelledby="h-survivor">
                  <Title order={2} size="h4" id="h-survivor" mb={6}>
                    {t('hotline.survivor')}
                  </Title>
                  <Stack gap="xs">
                    <Radio.Group
                      label={t('hotline.sex')}
                      withAsterisk
                      value={draft.sex}
                      onChange={(v) => {
                        update({ sex: v });
                      }}
                    >
                      <Group gap="sm" mt={6}>
                        {sexes?.items.map((s) => (
                          <Radio key={s.key} value={s.key} label={label(s)} />
                        ))}
                      </Group>
                    </Radio.Group>
                    <Grid gap="xs">
                      <Grid.Col span={{ base: 12, sm: 6 }}>
                        <TextInput
                          label={t('hotline.fullName')}
                          value={draft.fullName}
                          onChange={(e) => {
                            update({ fullName: e.currentTarget.value });
                          }}
                          autoComplete="off"
                        />
                      </Grid.Col>
                      <Grid.Col span={{ base: 7, sm: 3 }}>
                        <TextInput
                          label={t('hotline.phone')}
                          value={draft.phone}
                          onChange={(e) => {
                            update({ phone: e.currentTarget.value });
                          }}
                          inputMode="tel"
                          autoComplete="off"
                        />
                      </Grid.Col>
                      <Grid.Col span={{ base: 5, sm: 3 }}>
                        <TextInput
                          label={t('hotline.birthYear')}
                          value={draft.birthYear}
                          onChange={(e) => {
                            update({ birthYear: e.currentTarget.value.replace(/\D/g, '').slice(0, 4) });
                          }}
                          inputMode="numeric"
                          autoComplete="off"
                        />
                      </Grid.Col>
                    </Grid>
                    <CommunePicker
                      value={draft.communeCode}
                      onChange={(code) => {
                        update({ communeCode: code });
                      }}
                    />
                    <Text size="sm" fw={500}>
                      {t('hotline.safeContact')}
                    </Text>
                    <Group gap="md">
                      <Checkbox
                        label={t('hotline.canCall')}
                        checked={draft.canCall}
                        onChange={(e) => {
                          update({ canCall: e.currentTarget.checked });
                        }}
                      />
                      <Checkbox
                        label={t('hotline.canText')}
                        checked={draft.canText}
                        onChange={(e) => {
                          update({ canText: e.currentTarget.checked });
                        }}
                      />
                      <Checkbox
                        label={t('hotline.sharedPhone')}
                        checked={draft.phoneSharedWithPerpetrator}
                        onChange={(e) => {
                          update({ phoneSharedWithPerpetrator: e.currentTarget.checked });
                        }}
                      />
                    </Group>
                    <Select
                      label={t('hotline.reporterRelationship')}
                      data={relationships?.items.map((r) => ({ value: r.key, label: label(r) })) ?? []}
                      value={draft.reporterRelationship}
                      onChange={(v) => {
                        update({ reporterRelationship: v });
                      }}
                      clearable
                      searchable
                    />
                  </Stack>
                </Paper>

                <Paper withBorder p="sm" component="section" id="sec-incident" aria-labelledby="h-incident">
                  <Checkbox.Group
                    label={<span id="h-incident">{t('hotline.violenceTypes')}</span>}
                    withAsterisk
                    value={draft.violenceTypes}
                    onChange={(v) => {
                      update({ violenceTypes: v });
                    }}
                  >
                    <Group gap="sm" mt={6}>
                      {violence?.items.map((v) => (
                        <Checkbox key={v.key} value={v.key} label={label(v)} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                </Paper>

                <RiskSection
                  answers={draft.risk}
                  onChange={(risk) => {
                    update({ risk });
                  }}
                />

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
          <RecentCases />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
