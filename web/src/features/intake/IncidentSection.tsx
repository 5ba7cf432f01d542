import { Checkbox, Grid, Group, Paper, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import type { Draft } from './draft';
import { incidentDate } from './identity';

/** What happened: the violence types (one required), when (exact or approximate), where, by whom. */
export function IncidentSection({ draft, update }: { draft: Draft; update: (p: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const violence = useCatalogue('violence-types').data;
  const places = useCatalogue('place-types').data;
  const relationships = useCatalogue('relationships').data;
  const badDate = draft.incidentDate.trim() !== '' && incidentDate(draft.incidentDate) === null;
  return (
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
      <Grid gap="xs" mt={6}>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput
            label={t('hotline.incidentDate')}
            description={t('hotline.incidentDateHint')}
            value={draft.incidentDate}
            error={badDate ? t('hotline.incidentDateInvalid') : undefined}
            onChange={(e) => {
              update({ incidentDate: e.currentTarget.value });
            }}
            autoComplete="off"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Select
            label={t('hotline.placeType')}
            data={places?.items.map((p) => ({ value: p.key, label: label(p) })) ?? []}
            value={draft.placeType}
            onChange={(v) => {
              update({ placeType: v });
            }}
            clearable
            searchable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Select
            label={t('hotline.perpetratorRelationship')}
            data={relationships?.items.map((r) => ({ value: r.key, label: label(r) })) ?? []}
            value={draft.perpetratorRelationship}
            onChange={(v) => {
              update({ perpetratorRelationship: v });
            }}
            clearable
            searchable
          />
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
