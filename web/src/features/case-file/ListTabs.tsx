import { useState } from 'react';
import { Button, Loader, Paper, Stack, Table, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel, useMe } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { auditActionLabel } from './auditActions';
import { useAccessLog, useAddNote, useIncidents, useNotes } from './hooks';
import { IncidentCorrection } from './IncidentCorrection';

function Pending({ q }: { q: { isPending: boolean; error: unknown } }) {
  const { t } = useTranslation();
  if (q.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  return <ErrorAlert error={q.error} />;
}

export function IncidentsTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const types = useCatalogue('violence-types').data?.items ?? [];
  const places = useCatalogue('place-types').data?.items ?? [];
  const q = useIncidents(id);
  if (!q.data) return <Pending q={q} />;
  if (q.data.length === 0) return <Text>{t('file.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('incidents.occurredOn')}</Table.Th>
            <Table.Th>{t('incidents.types')}</Table.Th>
            <Table.Th>{t('incidents.place')}</Table.Th>
            <Table.Th>{t('incidents.recorded')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{i.occurredOn ?? '—'}</Table.Td>
              <Table.Td>
                {i.violenceTypes
                  .map((v) =>
                    label(
                      types.find((x) => x.key === v),
                      v,
                    ),
                  )
                  .join(', ')}
              </Table.Td>
              <Table.Td>
                {i.placeType
                  ? label(
                      places.find((x) => x.key === i.placeType),
                      i.placeType,
                    )
                  : '—'}
              </Table.Td>
              <Table.Td>{formatDateTime(i.createdAt)}</Table.Td>
              <Table.Td>
                <IncidentCorrection caseId={id} incident={i} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function NotesTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useNotes(id);
  const add = useAddNote(id);
  const [text, setText] = useState('');
  return (
    <Stack gap="md">
      <Paper
        component="form"
        withBorder
        p="sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          add.mutate(text.trim(), {
            onSuccess: () => {
              setText('');
            },
          });
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={t('notes.text')}
            value={text}
            autosize
            minRows={2}
            onChange={(e) => {
              setText(e.currentTarget.value);
            }}
          />
          <ErrorAlert error={add.error} />
          <div>
            <Button type="submit" loading={add.isPending} disabled={!text.trim()}>
              {t('notes.add')}
            </Button>
          </div>
        </Stack>
      </Paper>
      {!q.data ? (
        <Pending q={q} />
      ) : q.data.length === 0 ? (
        <Text>{t('file.none')}</Text>
      ) : (
        q.data.map((n) => (
          <Paper key={n.id} withBorder p="sm">
            <Text fz="sm" c="dimmed">
              {formatDateTime(n.createdAt)}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{n.text}</Text>
          </Paper>
        ))
      )}
    </Stack>
  );
}

export function AccessLogTab({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language === 'en' ? 'en' : 'vi';
  const me = useMe().data;
  const q = useAccessLog(id);
  if (!q.data) return <Pending q={q} />;
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped data-testid="access-log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('log.at')}</Table.Th>
            <Table.Th>{t('log.who')}</Table.Th>
            <Table.Th>{t('log.action')}</Table.Th>
            <Table.Th>{t('log.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((e, n) => (
            <Table.Tr key={`${e.at}-${String(n)}`}>
              <Table.Td>{formatDateTime(e.at)}</Table.Td>
              <Table.Td>{e.userId === me?.id ? t('file.you') : (e.username ?? t('log.unknown'))}</Table.Td>
              <Table.Td>
                <ActionLabel action={e.action} lng={lng} />
              </Table.Td>
              <Table.Td>{e.reasonCode ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ActionLabel({ action, lng }: { action: string; lng: 'vi' | 'en' }) {
  const { text, code } = auditActionLabel(action, lng);
  return (
    <>
      {text}
      {code ? (
        <>
          {' '}
          <Text span size="xs" c="dimmed">
            <code>{code}</code>
          </Text>
        </>
      ) : null}
    </>
  );
}
