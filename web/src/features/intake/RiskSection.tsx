import { Badge, Checkbox, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { liveRisk, type RiskQuestion } from './risk';

type Question = RiskQuestion & { vi: string; en: string; anchors?: { vi: string; en: string }[] };

// Dark shades: white text on a filled badge keeps its contrast (axe).
const COLORS: Record<string, string> = { low: 'gray', medium: 'yellow', high: 'red.9', critical: 'grape.9' };

/** The questionnaire from the API, with the level recomputed at every answer. */
export function RiskSection({
  answers,
  onChange,
}: {
  answers: Record<string, boolean | number>;
  onChange: (a: Record<string, boolean | number>) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const catalogue = useCatalogue('risk-questionnaire').data;
  const questions = (catalogue?.items ?? []) as unknown as Question[];
  const levels = catalogue?.levels ?? [];
  const { score, level: live } = liveRisk(questions, levels, answers);
  // The catalogue's own level object carries the labels.
  const level = levels.find((l) => l.level === live?.level) ?? null;
  const set = (key: string, value: boolean | number | null) => {
    // An unticked box is no answer (it scores nothing either way).
    const next = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== key));
    if (value !== null && value !== false) next[key] = value;
    onChange(next);
  };
  return (
    <Paper withBorder p="sm" component="section" id="sec-risk" aria-labelledby="h-risk">
      <Group justify="space-between" mb={6} wrap="wrap">
        <Title order={2} size="h4" id="h-risk">
          {label(catalogue?.label, t('hotline.risk'))}
        </Title>
        <Group gap="xs" aria-live="polite" data-testid="risk-level">
          <Text size="sm">{t('hotline.riskLevel')}:</Text>
          <Badge
            color={COLORS[level?.level ?? ''] ?? 'gray'}
            size="lg"
            variant={level?.alert ? 'filled' : 'light'}
          >
            {level ? label(level) : t('riskLevels.none')}
          </Badge>
          <Text size="xs" c="gray.7">
            {t('hotline.riskScore', { score })}
          </Text>
        </Group>
      </Group>
      <Stack gap={6}>
        {questions.map((q) =>
          q.type === 'boolean' ? (
            <Checkbox
              key={q.key}
              label={label(q)}
              checked={answers[q.key] === true}
              onChange={(e) => {
                set(q.key, e.currentTarget.checked);
              }}
            />
          ) : (
            <Radio.Group
              key={q.key}
              label={label(q)}
              value={typeof answers[q.key] === 'number' ? String(answers[q.key]) : ''}
              onChange={(v) => {
                set(q.key, Number(v));
              }}
            >
              <Group gap="sm" mt={4}>
                {Array.from({ length: (q.max ?? 0) + 1 }, (_, i) => (
                  <Radio key={i} value={String(i)} label={q.anchors?.[i] ? label(q.anchors[i]) : String(i)} />
                ))}
              </Group>
            </Radio.Group>
          ),
        )}
      </Stack>
    </Paper>
  );
}
