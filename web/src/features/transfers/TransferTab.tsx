import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { useConsents, type CaseFile } from '../case-file/hooks';
import {
  useCancelTransfer,
  useCaseTransfers,
  useDestinations,
  useRequestTransfer,
  type CaseTransfer,
} from './hooks';
import { addTransferMessages } from './messages';

addTransferMessages();

export function TransferStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = { requested: 'blue.9', accepted: 'teal.9', declined: 'red.9' }[status] ?? 'gray.8';
  return (
    <Badge color={color} variant="outline">
      {t(`transfers.status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The case file's "Chuyển hồ sơ" tab: the case's transfers, the open one's status, a new request. */
export function TransferTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const supervisor = useMe().data?.roles.includes('supervisor') ?? false;
  const transfers = useCaseTransfers(file.id);
  const open = transfers.data?.find((x) => x.status === 'requested');
  return (
    <Stack gap="md">
      {open ? (
        <OpenTransfer transfer={open} canCancel={supervisor} />
      ) : file.status === 'closed' ? (
        <Text>{t('transfers.closed')}</Text>
      ) : supervisor ? (
        <RequestForm file={file} />
      ) : (
        <Text c="dimmed">{t('transfers.onlySupervisor')}</Text>
      )}
      <ErrorAlert error={transfers.error} />
      {(transfers.data?.length ?? 0) > 0 && (
        <>
          <Title order={2} fz="lg">
            {t('transfers.history')}
          </Title>
          {transfers.data?.map((x) => (
            <TransferLine key={x.id} transfer={x} />
          ))}
        </>
      )}
    </Stack>
  );
}

function OpenTransfer({ transfer, canCancel }: { transfer: CaseTransfer; canCancel: boolean }) {
  const { t } = useTranslation();
  const cancel = useCancelTransfer();
  const [key] = useState(newKey);
  return (
    <Alert color="yellow" role="status" data-testid="transfer-pending">
      <Stack gap="xs">
        <Text>
          {t('transfers.pending', { org: transfer.to.name, at: formatDateTime(transfer.requestedAt) })}
        </Text>
        <ErrorAlert error={cancel.error} />
        {canCancel && (
          <div>
            <Button
              variant="default"
              loading={cancel.isPending}
              onClick={() => {
                cancel.mutate({ id: transfer.id, key });
              }}
            >
              {t('transfers.cancel')}
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}

function RequestForm({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const destinations = useDestinations(true);
  const consents = useConsents(file.id);
  const request = useRequestTransfer(file.id);
  const [to, setTo] = useState<string | null>(null);
  const [consentId, setConsentId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newKey);
  const usable = (consents.data ?? []).filter((c) => c.purpose === 'transfer' && c.withdrawnAt === null);
  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!to || !consentId) return;
        request.mutate(
          { key, body: { toOrganizationId: to, consentId, ...(note.trim() ? { note: note.trim() } : {}) } },
          {
            onSuccess: () => {
              setKey(newKey());
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Title order={2} fz="lg">
          {t('transfers.ask')}
        </Title>
        <Select
          label={t('transfers.destination')}
          required
          searchable
          data={(destinations.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          value={to}
          onChange={setTo}
        />
        {usable.length === 0 && !consents.isPending ? (
          <Alert color="orange" data-testid="transfer-no-consent">
            {t('transfers.noConsent')}
          </Alert>
        ) : (
          <Select
            label={t('transfers.consent')}
            required
            data={usable.map((c) => ({
              value: c.id,
              label: t('transfers.consentOption', { at: formatDateTime(c.givenAt) }),
            }))}
            value={consentId}
            onChange={setConsentId}
          />
        )}
        <Textarea
          label={t('transfers.note')}
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
          }}
        />
        <Text fz="sm" c="dimmed">
          {t('transfers.senderKeeps')}
        </Text>
        <ErrorAlert error={request.error ?? destinations.error} />
        <div>
          <Button type="submit" loading={request.isPending} disabled={!to || !consentId}>
            {t('transfers.send')}
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}

function TransferLine({ transfer }: { transfer: CaseTransfer }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm">
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <TransferStatus status={transfer.status} />
          <Text fw={600}>
            {transfer.from.name} → {transfer.to.name}
          </Text>
        </Group>
        <Text fz="sm">
          {t('transfers.requestedAt')}: {formatDateTime(transfer.requestedAt)}
          {transfer.decidedAt && ` · ${t('transfers.decidedAt')}: ${formatDateTime(transfer.decidedAt)}`}
        </Text>
        {transfer.note && (
          <Text fz="sm">
            {t('transfers.noteLabel')}: {transfer.note}
          </Text>
        )}
        {transfer.declineReason && (
          <Text fz="sm">
            {t('transfers.reasonLabel')}: {transfer.declineReason}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
