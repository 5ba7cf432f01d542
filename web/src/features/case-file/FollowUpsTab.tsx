import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { parseHanoi } from '../../shared/datetime';
import { DateTimeFields } from '../../shared/DateTimeFields';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { FollowUpActions } from '../worklist/FollowUpActions';
import { useAddFollowUp, useCaseFollowUps, type CaseFile } from './hooks';

/** Follow-ups: add one; the case's list (open first), complete or reschedule the open ones. */
export function FollowUpsTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const label = useLabel();
  const kinds = useCatalogue('follow-up-kinds').data?.items ?? [];
  const outcomes = useCatalogue('follow-up-outcomes').data?.items ?? [];
  const list = useCaseFollowUps(file.id);
  const items = list.data ?? [];
  return (
    <Stack gap="md">
      <AddForm file={file} />
      <ErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text>{t('file.none')}</Text>}
      {items.map((f) => {
        const kind = label(
          kinds.find((k) => k.key === f.kind),
          f.kind,
        );
        return (
          <Paper key={f.id} withBorder p="sm" data-testid="case-follow-up">
            <Group gap="xs" wrap="wrap" mb={6}>
              <Text fw={700}>{kind}</Text>
              <Badge variant="outline" color="gray.8">
                {t('worklist.due')}: {formatDateTime(f.dueAt)}
              </Badge>
              {f.assigneeName && <Text fz="sm">{f.assigneeName}</Text>}
              {f.status !== 'open' && (
                <Badge color="gray.8">
                  {f.outcome
                    ? label(
                        outcomes.find((o) => o.key === f.outcome),
                        f.outcome,
                      )
                    : f.status}
                  {f.completedAt ? ` · ${formatDateTime(f.completedAt)}` : ''}
                </Badge>
              )}
            </Group>
            {f.status === 'open' && <FollowUpActions id={f.id} label={kind} />}
          </Paper>
        );
      })}
    </Stack>
  );
}

function AddForm({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const label = useLabel();
  const kinds = useCatalogue('follow-up-kinds').data?.items ?? [];
  const add = useAddFollowUp(file.id);
  const [kind, setKind] = useState<string | null>('call_back');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [note, setNote] = useState('');
  const [bad, setBad] = useState(false);
  const [key, setKey] = useState(newKey);
  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      onSubmit={(e) => {
        e.preventDefault();
        const dueAt = parseHanoi(date, time);
        setBad(dueAt === null);
        if (!dueAt || !kind) return;
        add.mutate(
          { key, body: { kind, dueAt, ...(note.trim() ? { note: note.trim() } : {}) } },
          {
            onSuccess: () => {
              setKey(newKey());
              setNote('');
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Title order={2} fz="lg">
          {t('fu.add')}
        </Title>
        <Select
          label={t('fu.kind')}
          required
          data={kinds.map((k) => ({ value: k.key, label: label(k) }))}
          value={kind}
          onChange={setKind}
        />
        <DateTimeFields date={date} time={time} bad={bad} onDate={setDate} onTime={setTime} />
        <Textarea
          label={t('worklist.note')}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
          }}
        />
        <ErrorAlert error={add.error} />
        <div>
          <Button type="submit" loading={add.isPending}>
            {t('fu.add')}
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}
