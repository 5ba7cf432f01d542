import { useState } from 'react';
import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { addCaseWorkMessages } from '../safety-plan/messages';
import { useCaseServices, useRecordService, useRemoveService } from './hooks';

addCaseWorkMessages();

/** Today in Hanoi as dd/MM/yyyy. */
const todayShown = (): string => {
  const [y, m, d] = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).split('-');
  return `${d}/${m}/${y}`;
};

/** dd/MM/yyyy → YYYY-MM-DD, or null when not a day. */
export function dayOf(shown: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(shown.trim());
  if (!m) return null;
  const [, d = '', mo = '', y = ''] = m;
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const at = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== iso ? null : iso;
}

const shownDay = (iso: string): string => iso.split('-').reverse().join('/');

/** Services given recorded on the case: record one, the list (removed entries struck through). */
export function ServicesTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const services = useCatalogue('services').data?.items ?? [];
  const list = useCaseServices(id);
  const record = useRecordService(id);
  const remove = useRemoveService(id);
  const [service, setService] = useState<string | null>(null);
  const [day, setDay] = useState(todayShown);
  const [note, setNote] = useState('');
  const [bad, setBad] = useState(false);
  const [key, setKey] = useState(newKey);
  const [confirming, setConfirming] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Paper
        component="form"
        withBorder
        p="sm"
        onSubmit={(e) => {
          e.preventDefault();
          const givenOn = dayOf(day);
          setBad(givenOn === null);
          if (!givenOn || !service) return;
          record.mutate(
            { key, body: { service, givenOn, ...(note.trim() ? { note: note.trim() } : {}) } },
            {
              onSuccess: () => {
                setKey(newKey());
                setNote('');
                setService(null);
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          <Title order={2} fz="lg">
            {t('svc.add')}
          </Title>
          <Select
            label={t('svc.service')}
            required
            data={services.map((s) => ({ value: s.key, label: label(s) }))}
            value={service}
            onChange={setService}
          />
          <TextInput
            label={t('svc.givenOn')}
            required
            inputMode="numeric"
            value={day}
            error={bad ? t('svc.badDate') : undefined}
            onChange={(e) => {
              setDay(e.currentTarget.value);
            }}
          />
          <Textarea
            label={t('svc.note')}
            value={note}
            onChange={(e) => {
              setNote(e.currentTarget.value);
            }}
          />
          <ErrorAlert error={record.error} />
          <div>
            <Button type="submit" loading={record.isPending} disabled={!service}>
              {t('svc.record')}
            </Button>
          </div>
        </Stack>
      </Paper>
      <ErrorAlert error={list.error ?? remove.error} />
      {list.isSuccess && items.length === 0 && <Text>{t('svc.none')}</Text>}
      {items.map((s) => (
        <Paper key={s.id} withBorder p="sm" data-testid="case-service">
          <Group gap="xs" wrap="wrap" justify="space-between">
            <Stack gap={2}>
              <Text fw={700} td={s.removedAt ? 'line-through' : undefined}>
                {label(
                  services.find((x) => x.key === s.service),
                  s.service,
                )}
              </Text>
              <Text fz="sm">
                {shownDay(s.givenOn)} · {t('svc.givenBy')}: {s.givenByName ?? '—'}
              </Text>
              {s.note && <Text fz="sm">{s.note}</Text>}
            </Stack>
            {s.removedAt ? (
              <Badge color="gray.8">{t('svc.removed')}</Badge>
            ) : confirming === s.id ? (
              <Group gap="xs">
                <Button
                  color="red.9"
                  loading={remove.isPending}
                  onClick={() => {
                    remove.mutate({ serviceId: s.id, version: s.version });
                  }}
                >
                  {t('svc.confirmRemove')}
                </Button>
                <Button
                  variant="default"
                  onClick={() => {
                    setConfirming(null);
                  }}
                >
                  {t('inc.cancel')}
                </Button>
              </Group>
            ) : (
              <Button
                variant="default"
                onClick={() => {
                  setConfirming(s.id);
                }}
              >
                {t('svc.remove')}
              </Button>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
