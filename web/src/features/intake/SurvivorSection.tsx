import { Checkbox, Grid, Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { CommunePicker } from './CommunePicker';
import type { Draft } from './draft';
import { DuplicateNotice } from './DuplicateNotice';

/** The survivor: sex (required), identity, commune, and the safe-contact rules beside her phone. */
export function SurvivorSection({ draft, update }: { draft: Draft; update: (p: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const sexes = useCatalogue('sexes').data;
  return (
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
          <Grid.Col span={{ base: 6, sm: 3 }}>
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
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('hotline.phone')}
              value={draft.phone}
              onChange={(e) => {
                update({ phone: e.currentTarget.value });
              }}
              inputMode="tel"
              autoComplete="off"
              data-testid="survivor-phone"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('hotline.nationalId')}
              value={draft.nationalId}
              onChange={(e) => {
                update({ nationalId: e.currentTarget.value });
              }}
              inputMode="numeric"
              autoComplete="off"
            />
          </Grid.Col>
        </Grid>
        <DuplicateNotice phone={draft.phone} nationalId={draft.nationalId} />
        <Paper bg="yellow.0" p="xs" radius="sm" aria-labelledby="h-safe">
          <Text fz="lg" fw={700} id="h-safe" mb={4}>
            {t('hotline.safeContact')}
          </Text>
          <Group gap="md">
            <Checkbox
              size="md"
              label={t('hotline.canCall')}
              checked={draft.canCall}
              onChange={(e) => {
                update({ canCall: e.currentTarget.checked });
              }}
            />
            <Checkbox
              size="md"
              label={t('hotline.canText')}
              checked={draft.canText}
              onChange={(e) => {
                update({ canText: e.currentTarget.checked });
              }}
            />
            <Checkbox
              size="md"
              label={t('hotline.canLeaveMessage')}
              checked={draft.canLeaveMessage}
              onChange={(e) => {
                update({ canLeaveMessage: e.currentTarget.checked });
              }}
            />
            <Checkbox
              size="md"
              label={t('hotline.sharedPhone')}
              checked={draft.phoneSharedWithPerpetrator}
              onChange={(e) => {
                update({ phoneSharedWithPerpetrator: e.currentTarget.checked });
              }}
            />
          </Group>
          <Grid gap="xs" mt={4}>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <TextInput
                label={t('hotline.safeTimes')}
                value={draft.safeTimes}
                onChange={(e) => {
                  update({ safeTimes: e.currentTarget.value });
                }}
                autoComplete="off"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput
                label={t('hotline.codeWord')}
                value={draft.codeWord}
                onChange={(e) => {
                  update({ codeWord: e.currentTarget.value });
                }}
                autoComplete="off"
              />
            </Grid.Col>
          </Grid>
        </Paper>
        <CommunePicker
          value={draft.communeCode}
          onChange={(code) => {
            update({ communeCode: code });
          }}
        />
      </Stack>
    </Paper>
  );
}
