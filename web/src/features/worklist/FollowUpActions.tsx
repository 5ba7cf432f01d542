import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { parseHanoi } from '../../shared/datetime';
import { DateTimeFields } from '../../shared/DateTimeFields';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { useCompleteFollowUp, useRescheduleFollowUp } from './hooks';

type Mode = 'none' | 'complete' | 'reschedule';

/** Complete or reschedule a follow-up in place (worklist rows and the case file's follow-ups). */
export function FollowUpActions({ id, label }: { id: string; label: string }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('none');
  return (
    <Stack gap={6}>
      <Group gap={6}>
        <Button
          size="xs"
          variant="outline"
          aria-expanded={mode === 'complete'}
          aria-label={`${t('worklist.complete')}: ${label}`}
          onClick={() => {
            setMode(mode === 'complete' ? 'none' : 'complete');
          }}
        >
          {t('worklist.complete')}
        </Button>
        <Button
          size="xs"
          variant="default"
          aria-expanded={mode === 'reschedule'}
          aria-label={`${t('worklist.reschedule')}: ${label}`}
          onClick={() => {
            setMode(mode === 'reschedule' ? 'none' : 'reschedule');
          }}
        >
          {t('worklist.reschedule')}
        </Button>
      </Group>
      {mode === 'complete' && (
        <CompleteForm
          id={id}
          onDone={() => {
            setMode('none');
          }}
        />
      )}
      {mode === 'reschedule' && (
        <RescheduleForm
          id={id}
          onDone={() => {
            setMode('none');
          }}
        />
      )}
    </Stack>
  );
}

function CompleteForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const outcomes = useCatalogue('follow-up-outcomes').data?.items ?? [];
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [key] = useState(newKey);
  const complete = useCompleteFollowUp();
  return (
    <Paper
      component="form"
      withBorder
      p="xs"
      onSubmit={(e) => {
        e.preventDefault();
        if (!outcome) return;
        complete.mutate({ id, key, outcome, note: note.trim() || undefined }, { onSuccess: onDone });
      }}
    >
      <Stack gap={6}>
        <Select
          label={t('worklist.outcome')}
          required
          data={outcomes.map((o) => ({ value: o.key, label: label(o) }))}
          value={outcome}
          onChange={setOutcome}
          comboboxProps={{ withinPortal: false }}
        />
        <Textarea
          label={t('worklist.note')}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
          }}
          autosize
          minRows={1}
        />
        <ErrorAlert error={complete.error} />
        <Group gap={6}>
          <Button type="submit" size="xs" loading={complete.isPending}>
            {t('worklist.save')}
          </Button>
          <Button size="xs" variant="subtle" onClick={onDone}>
            {t('worklist.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function RescheduleForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [reason, setReason] = useState('');
  const [bad, setBad] = useState(false);
  const [key] = useState(newKey);
  const reschedule = useRescheduleFollowUp();
  return (
    <Paper
      component="form"
      withBorder
      p="xs"
      onSubmit={(e) => {
        e.preventDefault();
        const dueAt = parseHanoi(date, time);
        setBad(dueAt === null);
        if (!dueAt || !reason.trim()) return;
        reschedule.mutate({ id, key, dueAt, reasonText: reason.trim() }, { onSuccess: onDone });
      }}
    >
      <Stack gap={6}>
        <DateTimeFields date={date} time={time} bad={bad} onDate={setDate} onTime={setTime} gap={6} />
        <TextInput
          label={t('worklist.reason')}
          required
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
          }}
        />
        <ErrorAlert error={reschedule.error} />
        <Group gap={6}>
          <Button type="submit" size="xs" loading={reschedule.isPending}>
            {t('worklist.save')}
          </Button>
          <Button size="xs" variant="subtle" onClick={onDone}>
            {t('worklist.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
