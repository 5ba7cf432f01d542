import { useState } from 'react';
import {
  Button,
  Group,
  Loader,
  Paper,
  NativeSelect,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useGo } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { RiskBadge } from '../../shared/RiskBadge';
import {
  useAcceptTransfer,
  useAssignable,
  useCancelTransfer,
  useDeclineTransfer,
  useTransferList,
  type Direction,
  type Transfer,
} from './hooks';
import { addTransferMessages } from './messages';
import { TransferStatus } from './TransferTab';

addTransferMessages();

const STATUSES = ['requested', 'accepted', 'declined', 'cancelled'] as const;

/**
 * The supervisor's transfer decisions: incoming requests (reference, sending organisation, dates, risk;
 * nothing personal before acceptance) to accept or decline with a reason, and the requests sent.
 */
export default function TransfersPage() {
  const { t } = useTranslation();
  const [direction, setDirection] = useState<Direction>('incoming');
  const [status, setStatus] = useState<string>('requested');
  return (
    <Stack gap="md">
      <Title order={1}>{t('transfers.title')}</Title>
      <Tabs
        value={direction}
        onChange={(v) => {
          if (v) setDirection(v as Direction);
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="incoming">{t('transfers.incoming')}</Tabs.Tab>
          <Tabs.Tab value="outgoing">{t('transfers.outgoing')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <NativeSelect
        label={t('transfers.statusFilter')}
        maw={320}
        value={status}
        onChange={(e) => {
          setStatus(e.currentTarget.value);
        }}
        data={[
          ...STATUSES.map((s) => ({ value: s, label: t(`transfers.status.${s}`) })),
          { value: 'all', label: t('transfers.allStatuses') },
        ]}
      />
      {direction === 'incoming' && (
        <Text fz="sm" c="dimmed">
          {t('transfers.beforeAccept')}
        </Text>
      )}
      <TransferList direction={direction} status={status === 'all' ? null : status} />
    </Stack>
  );
}

function TransferList({ direction, status }: { direction: Direction; status: string | null }) {
  const { t } = useTranslation();
  const list = useTransferList(direction, status);
  if (list.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (list.data.length === 0) return <Text>{t('transfers.empty')}</Text>;
  return (
    <Stack gap="sm" data-testid={`transfers-${direction}`}>
      {list.data.map((x) => (
        <TransferCard key={x.id} transfer={x} direction={direction} />
      ))}
    </Stack>
  );
}

function TransferCard({ transfer, direction }: { transfer: Transfer; direction: Direction }) {
  const { t } = useTranslation();
  const go = useGo();
  const waiting = transfer.status === 'requested';
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap" justify="space-between">
          <Text fw={700}>{transfer.reference}</Text>
          <Group gap="xs">
            {transfer.riskLevel && <RiskBadge level={transfer.riskLevel} />}
            <TransferStatus status={transfer.status} />
          </Group>
        </Group>
        <Text fz="sm">
          {direction === 'incoming'
            ? `${t('transfers.from')}: ${transfer.from.name}`
            : `${t('transfers.to')}: ${transfer.to.name}`}
        </Text>
        <Text fz="sm">
          {t('transfers.requestedAt')}: {formatDateTime(transfer.requestedAt)}
          {transfer.decidedAt && ` · ${t('transfers.decidedAt')}: ${formatDateTime(transfer.decidedAt)}`}
        </Text>
        {direction === 'incoming' && waiting && <Decide transfer={transfer} />}
        {direction === 'outgoing' && waiting && <Cancel transfer={transfer} />}
        {direction === 'incoming' && transfer.status === 'accepted' && (
          <div>
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                go(`/cases/${transfer.caseId}`);
              }}
            >
              {t('transfers.open')}
            </Button>
          </div>
        )}
      </Stack>
    </Paper>
  );
}

function Decide({ transfer }: { transfer: Transfer }) {
  const { t } = useTranslation();
  const accept = useAcceptTransfer();
  const decline = useDeclineTransfer();
  const counsellors = useAssignable(true);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [acceptKey] = useState(newKey);
  const [declineKey] = useState(newKey);
  return (
    <Stack gap="xs">
      <Select
        label={t('transfers.assignee')}
        placeholder={t('transfers.assigneeLater')}
        clearable
        data={(counsellors.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
        value={assigneeId}
        onChange={setAssigneeId}
      />
      {declining && (
        <Textarea
          label={t('transfers.declineReason')}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
          }}
        />
      )}
      <ErrorAlert error={accept.error ?? decline.error} />
      <Group gap="sm" wrap="wrap">
        <Button
          loading={accept.isPending}
          disabled={declining}
          onClick={() => {
            accept.mutate({ id: transfer.id, key: acceptKey, ...(assigneeId ? { assigneeId } : {}) });
          }}
        >
          {t('transfers.accept')}
        </Button>
        <Button
          variant={declining ? 'filled' : 'default'}
          color="red"
          loading={decline.isPending}
          disabled={declining && reason.trim() === ''}
          onClick={() => {
            if (!declining) setDeclining(true);
            else decline.mutate({ id: transfer.id, key: declineKey, reasonText: reason.trim() });
          }}
        >
          {declining ? t('transfers.confirmDecline') : t('transfers.decline')}
        </Button>
      </Group>
    </Stack>
  );
}

function Cancel({ transfer }: { transfer: Transfer }) {
  const { t } = useTranslation();
  const cancel = useCancelTransfer();
  const [key] = useState(newKey);
  return (
    <Stack gap="xs">
      <ErrorAlert error={cancel.error} />
      <div>
        <Button
          variant="default"
          size="xs"
          loading={cancel.isPending}
          onClick={() => {
            cancel.mutate({ id: transfer.id, key });
          }}
        >
          {t('transfers.cancel')}
        </Button>
      </div>
    </Stack>
  );
}
