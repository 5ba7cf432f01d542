import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { parseHanoi } from '../../shared/datetime';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { FollowUpActions } from '../worklist/FollowUpActions';
import { useWorklist } from '../worklist/hooks';
import { useAddFollowUp, type CaseFile } from './hooks';

/** Follow-ups: add one; complete or reschedule the open ones (mine: the API lists no others per case). */
export function FollowUpsTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const label = useLabel();
  const kinds = useCatalogue('follow-up-kinds').data?.items ?? [];
  const open = (useWorklist(undefined).data?.items ?? []).filter((f) => f.caseId === file.id);
  return (
    <Stack gap="md">
      <AddForm file={file} />
      <Text fz="sm">{t('fu.mineOnly')}</Text>
      {open.length === 0 && <Text>{t('file.none')}</Text>}
      {open.map((f) => {
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
            </Group>
            <FollowUpActions id={f.id} label={kind} />
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
        <Group grow wrap="wrap">
          <TextInput
            label={t('worklist.date')}
            required
            placeholder="dd/MM/yyyy"
            inputMode="numeric"
            value={date}
            error={bad ? t('worklist.badDate') : undefined}
            onChange={(e) => {
              setDate(e.currentTarget.value);
            }}
          />
          <TextInput
            label={t('worklist.time')}
            required
            placeholder="HH:mm"
            inputMode="numeric"
            value={time}
            onChange={(e) => {
              setTime(e.currentTarget.value);
            }}
          />
        </Group>
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
