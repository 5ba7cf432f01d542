import { useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { AssessmentForm } from './AssessmentForm';
import { AssessmentStatusBadge } from './StatusBadge';
import { answersToSend, missingRequired, type AnswerValue, type Answers } from './form-logic';
import { useAssessment, useCompleteAssessment, useSaveAssessment, type Assessment } from './hooks';

/** One assessment: a draft filled with its version's form (save, complete), or a completed one to read. */
export function AssessmentEditor({
  caseId,
  id,
  onClose,
}: {
  caseId: string;
  id: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const read = useAssessment(caseId, id);
  if (read.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (read.isError) return <ErrorAlert error={read.error} />;
  return <Loaded key={read.data.id} caseId={caseId} assessment={read.data} onClose={onClose} />;
}

function Loaded({
  caseId,
  assessment,
  onClose,
}: {
  caseId: string;
  assessment: Assessment;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [answers, setAnswers] = useState<Answers>(() => assessment.answers);
  const [missing, setMissing] = useState<string[]>([]);
  const [notice, setNotice] = useState<'saved' | 'done' | null>(null);
  const save = useSaveAssessment(caseId);
  const complete = useCompleteAssessment(caseId);
  const form = assessment.form;
  const draft = assessment.status === 'draft';

  const change = (key: string, v: AnswerValue | undefined) => {
    const next = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== key));
    if (v !== undefined) next[key] = v;
    setAnswers(next);
    setNotice(null);
    if (missing.length > 0) setMissing(missingRequired(form, next).filter((k) => missing.includes(k)));
  };

  const saveDraft = async (): Promise<Assessment> => {
    const saved = await save.mutateAsync({
      id: assessment.id,
      version: assessment.version,
      answers: answersToSend(answers),
    });
    return saved;
  };

  return (
    <Stack gap="md" data-testid="assessment">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} fz="lg">
          {t('assess.formVersion', { title: label(form.title), version: form.version })}
        </Title>
        <AssessmentStatusBadge status={assessment.status} />
      </Group>
      {form.description && <Text c="dimmed">{label(form.description)}</Text>}
      {!draft && <Text fz="sm">{t('assess.readOnly')}</Text>}
      <AssessmentForm
        form={form}
        answers={draft ? answers : assessment.answers}
        onChange={draft ? change : undefined}
        missing={missing}
      />
      {missing.length > 0 && (
        <Alert color="red" role="alert">
          {t('assess.missing', { count: missing.length })}
        </Alert>
      )}
      <ErrorAlert error={save.error ?? complete.error} />
      {notice && (
        <Alert color="teal" role="status">
          {notice === 'saved' ? t('assess.saved') : t('assess.done')}
        </Alert>
      )}
      <Group gap="sm" wrap="wrap">
        {draft && (
          <>
            <Button
              variant="default"
              loading={save.isPending && !complete.isPending}
              onClick={() => {
                void saveDraft().then(() => {
                  setNotice('saved');
                });
              }}
            >
              {t('assess.save')}
            </Button>
            <Button
              loading={complete.isPending}
              onClick={() => {
                const gaps = missingRequired(form, answers);
                setMissing(gaps);
                if (gaps.length > 0) return;
                void saveDraft()
                  .then((saved) => complete.mutateAsync({ id: saved.id, version: saved.version }))
                  .then(() => {
                    setNotice('done');
                  });
              }}
            >
              {t('assess.complete')}
            </Button>
          </>
        )}
        <Button variant="subtle" onClick={onClose}>
          {t('assess.close')}
        </Button>
      </Group>
    </Stack>
  );
}
