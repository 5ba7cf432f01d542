import { Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../app/hooks';
import { AnswerText, QuestionField } from './QuestionField';
import { shownQuestions, type AnswerValue, type Answers, type FormDefinition } from './form-logic';

interface Props {
  form: FormDefinition;
  answers: Answers;
  /** Absent: read only (a completed assessment). */
  onChange?: (key: string, v: AnswerValue | undefined) => void;
  /** Required questions left empty, marked after a try to complete. */
  missing?: readonly string[];
}

/** A form drawn from its definition: its sections, the questions shown by the answers so far. */
export function AssessmentForm({ form, answers, onChange, missing = [] }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const shown = shownQuestions(form, answers);
  return (
    <Stack gap="md">
      {form.sections.map((s) => {
        const questions = s.questions.filter((q) => shown.has(q.key));
        if (questions.length === 0) return null;
        return (
          <Paper key={s.key} withBorder p="sm" component="section" aria-label={label(s.title)}>
            <Stack gap="md">
              <Title order={3} fz="md">
                {label(s.title)}
              </Title>
              {questions.map((q) =>
                onChange ? (
                  <QuestionField
                    key={q.key}
                    q={q}
                    value={answers[q.key]}
                    onChange={(v) => {
                      onChange(q.key, v);
                    }}
                    error={missing.includes(q.key) ? t('assess.requiredMissing') : undefined}
                  />
                ) : (
                  <AnswerText key={q.key} q={q} value={answers[q.key]} />
                ),
              )}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
