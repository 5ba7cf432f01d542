import { Checkbox, Grid, Paper, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import type { Draft } from './draft';

/** The caller when she is not the survivor (a neighbour, a relative): recorded apart from her. */
export function ReporterSection({ draft, update }: { draft: Draft; update: (p: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const relationships = useCatalogue('relationships').data;
  return (
    <Paper withBorder p="sm" component="section" id="sec-reporter" aria-label={t('hotline.reporter')}>
      <Checkbox
        label={t('hotline.thirdParty')}
        checked={draft.thirdParty}
        onChange={(e) => {
          update({ thirdParty: e.currentTarget.checked });
        }}
      />
      {draft.thirdParty && (
        <Grid gap="xs" mt={6}>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label={t('hotline.reporterRelationship')}
              withAsterisk
              data={relationships?.items.map((r) => ({ value: r.key, label: label(r) })) ?? []}
              value={draft.reporterRelationship}
              onChange={(v) => {
                update({ reporterRelationship: v });
              }}
              searchable
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('hotline.reporterName')}
              value={draft.reporterName}
              onChange={(e) => {
                update({ reporterName: e.currentTarget.value });
              }}
              autoComplete="off"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('hotline.reporterPhone')}
              value={draft.reporterPhone}
              onChange={(e) => {
                update({ reporterPhone: e.currentTarget.value });
              }}
              inputMode="tel"
              autoComplete="off"
            />
          </Grid.Col>
        </Grid>
      )}
    </Paper>
  );
}
