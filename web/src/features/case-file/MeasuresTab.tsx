import { useState } from 'react';
import { Alert, Badge, Button, Group, List, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { useAddMeasure, useMeasures } from './hooks';

type Measure = {
  key: string;
  vi: string;
  en: string;
  article?: string;
  decisionWithinHours?: number;
  maxDays?: number;
  maxMonths?: number;
};

/** The legal limits of a measure, in words (Law 13/2022/QH15, from the catalogue). */
function Limits({ m }: { m: Measure | undefined }) {
  const { t } = useTranslation();
  if (!m) return null;
  const lines = [
    m.article && t('measures.article', { article: m.article }),
    m.decisionWithinHours && t('measures.decideWithin', { hours: m.decisionWithinHours }),
    m.maxDays && t('measures.maxDays', { days: m.maxDays }),
    m.maxMonths && t('measures.maxMonths', { months: m.maxMonths }),
  ].filter(Boolean) as string[];
  return (
    <List size="sm" aria-label={t('measures.limits')}>
      {lines.map((l) => (
        <List.Item key={l}>{l}</List.Item>
      ))}
    </List>
  );
}

export function MeasuresTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const catalogue = useCatalogue('protection-measures').data;
  const types = (catalogue?.items ?? []) as Measure[];
  const q = useMeasures(id);
  const [type, setType] = useState<string | null>(null);
  const add = useAddMeasure(id);
  return (
    <Stack gap="md">
      {catalogue && <Text fw={600}>{label(catalogue.label)}</Text>}
      {q.data?.length === 0 && <Text>{t('file.none')}</Text>}
      {q.data?.map((m) => {
        const def = types.find((x) => x.key === m.type);
        return (
          <Paper key={m.id} withBorder p="sm" data-testid="measure">
            <Group gap="xs" wrap="wrap">
              <Text fw={700}>{label(def, m.type)}</Text>
              {m.decidedLate && <Badge color="red.9">{t('measures.late')}</Badge>}
            </Group>
            <Text fz="sm">
              {[
                m.requestedAt && `${t('measures.requestedAt')}: ${formatDateTime(m.requestedAt)}`,
                m.decidedAt && `${t('measures.decidedAt')}: ${formatDateTime(m.decidedAt)}`,
                m.startsAt && `${t('measures.startsAt')}: ${formatDateTime(m.startsAt)}`,
                m.endsAt && `${t('measures.endsAt')}: ${formatDateTime(m.endsAt)}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            <Limits m={def} />
          </Paper>
        );
      })}
      <ErrorAlert error={q.error} />
      <Paper
        component="form"
        withBorder
        p="sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (type) add.mutate({ type, requestedAt: new Date().toISOString() });
        }}
      >
        <Stack gap="xs">
          <Title order={2} fz="lg">
            {t('file.add')}: {t('measures.type')}
          </Title>
          <Select
            label={t('measures.type')}
            data={types.map((m) => ({ value: m.key, label: label(m) }))}
            value={type}
            onChange={setType}
          />
          {type && (
            <Alert color="blue">
              <Text fw={700}>{t('measures.limits')}</Text>
              <Limits m={types.find((m) => m.key === type)} />
            </Alert>
          )}
          <ErrorAlert error={add.error} />
          <div>
            <Button type="submit" loading={add.isPending} disabled={!type}>
              {t('file.add')}
            </Button>
          </div>
        </Stack>
      </Paper>
    </Stack>
  );
}
