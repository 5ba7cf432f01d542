import { useState } from 'react';
import { Alert, Button, Checkbox, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { RiskBadge } from '../../shared/RiskBadge';
import { formatDateTime } from '../../app/i18n/format';
import { useReassess, useRiskHistory, type CaseFile } from './hooks';

type Question = { key: string; vi: string; en: string; type?: string; max?: number };

/** Re-assessment with the questionnaire (the current answers as the start), and the earlier assessments. */
export function RiskTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const label = useLabel();
  const catalogue = useCatalogue('risk-questionnaire').data;
  const questions = (catalogue?.items ?? []) as Question[];
  const levels = catalogue?.levels ?? [];
  const [answers, setAnswers] = useState<Record<string, boolean | number>>(
    () => (file.risk?.answers ?? {}) as Record<string, boolean | number>,
  );
  const reassess = useReassess(file.id);
  const history = useRiskHistory(file.id);
  const result = reassess.data;
  return (
    <Stack gap="md">
      <Text fw={600}>
        {t('file.riskLevel')}: <RiskBadge level={file.riskLevel} />
      </Text>
      <Paper
        component="form"
        withBorder
        p="sm"
        onSubmit={(e) => {
          e.preventDefault();
          reassess.mutate(answers);
        }}
      >
        <Stack gap="xs">
          <Title order={2} fz="lg">
            {t('riskTab.reassess')}
          </Title>
          {questions.map((q) =>
            q.type === 'scale' ? (
              <NumberInput
                key={q.key}
                label={label(q)}
                min={0}
                max={q.max}
                value={typeof answers[q.key] === 'number' ? (answers[q.key] as number) : ''}
                onChange={(v) => {
                  setAnswers({ ...answers, [q.key]: typeof v === 'number' ? v : 0 });
                }}
              />
            ) : (
              <Checkbox
                key={q.key}
                label={label(q)}
                checked={answers[q.key] === true}
                onChange={(e) => {
                  setAnswers({ ...answers, [q.key]: e.currentTarget.checked });
                }}
              />
            ),
          )}
          <ErrorAlert error={reassess.error} />
          {result && (
            <Alert color="teal" role="status">
              {t('riskTab.result', {
                level: label(
                  levels.find((l) => l.level === result.level),
                  result.level,
                ),
                score: result.score,
              })}
            </Alert>
          )}
          <div>
            <Button type="submit" loading={reassess.isPending}>
              {t('riskTab.submit')}
            </Button>
          </div>
        </Stack>
      </Paper>
      <Title order={2} fz="lg">
        {t('riskTab.history')}
      </Title>
      {(history.data ?? []).length === 0 && history.isSuccess && <Text>{t('file.none')}</Text>}
      <ErrorAlert error={history.error} />
      <Stack gap={4} component="ul" style={{ paddingLeft: 18, margin: 0 }}>
        {(history.data ?? []).map((h) => (
          <Text component="li" key={h.id} data-testid="risk-history">
            {t('riskTab.entry', {
              level: label(
                levels.find((l) => l.level === h.level),
                h.level,
              ),
              score: h.score,
              at: formatDateTime(h.assessedAt),
              by: h.assessedByName ?? '—',
            })}
          </Text>
        ))}
      </Stack>
    </Stack>
  );
}
