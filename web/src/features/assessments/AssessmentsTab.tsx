import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { AssessmentEditor } from './AssessmentEditor';
import { AssessmentStatusBadge } from './StatusBadge';
import { useAssessments, useForms, useStartAssessment } from './hooks';
import { addAssessmentMessages } from './messages';

addAssessmentMessages();

/** The file's assessments: start one from a form, each form's history, one open to fill or read. */
export function AssessmentsTab({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const forms = useForms();
  const list = useAssessments(caseId);
  const start = useStartAssessment(caseId);
  const [formKey, setFormKey] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  if (open) {
    return (
      <AssessmentEditor
        caseId={caseId}
        id={open}
        onClose={() => {
          setOpen(null);
        }}
      />
    );
  }
  return (
    <Stack gap="md">
      <Paper
        component="form"
        withBorder
        p="sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!formKey) return;
          start.mutate(formKey, {
            onSuccess: (a) => {
              setOpen(a.id);
            },
          });
        }}
      >
        <Stack gap="xs">
          <Title order={2} fz="lg">
            {t('assess.start')}
          </Title>
          <Group align="end" gap="sm" wrap="wrap">
            <Select
              label={t('assess.form')}
              data={(forms.data ?? []).map((f) => ({ value: f.key, label: label(f.title) }))}
              value={formKey}
              onChange={setFormKey}
              allowDeselect={false}
              w={280}
              maw="100%"
            />
            <Button type="submit" disabled={!formKey} loading={start.isPending}>
              {t('assess.startButton')}
            </Button>
          </Group>
          <ErrorAlert error={start.error ?? forms.error} />
        </Stack>
      </Paper>
      <Title order={2} fz="lg">
        {t('assess.history')}
      </Title>
      <ErrorAlert error={list.error} />
      {list.isSuccess && list.data.items.length === 0 && <Text>{t('assess.none')}</Text>}
      {(list.data?.byForm ?? []).map((group) => (
        <Stack key={group.formKey} gap={6}>
          <Title order={3} fz="md">
            {label(group.title)}
          </Title>
          {group.assessments.map((a) => (
            <Paper key={a.id} withBorder p="xs" data-testid="assessment-entry">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Stack gap={2}>
                  <AssessmentStatusBadge status={a.status} />
                  <Text fz="sm">
                    {a.completedAt
                      ? t('assess.entryDone', {
                          version: a.formVersion,
                          completed: formatDateTime(a.completedAt),
                        })
                      : t('assess.entry', { version: a.formVersion, created: formatDateTime(a.createdAt) })}
                  </Text>
                </Stack>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    setOpen(a.id);
                  }}
                >
                  {t('assess.open')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
