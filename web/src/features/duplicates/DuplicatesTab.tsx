import {
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGo, useMe } from '../../app/hooks';
import { formatDate, formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { newKey } from '../../shared/newKey';
import { useCaseFollowUps, useIncidents, useReferrals, type CaseFile } from '../case-file/hooks';
import { StatusBadge } from '../case-file/StatusBadge';
import { useFindCase, useLinks, useMerge, useMerges, useUndoMerge, useUnlink, type CaseMerge } from './hooks';
import { addDuplicateMessages } from './messages';

addDuplicateMessages();

/** A case's id, reference, status and dates: what the side-by-side summary shows (no personal data). */
interface Side {
  id: string;
  reference: string;
  status: string;
  openedAt: string;
  updatedAt: string;
}

function CaseLink({ id, reference }: { id: string; reference: string }) {
  const go = useGo();
  return (
    <Anchor
      ff="monospace"
      fw={700}
      href={`/cases/${id}`}
      onClick={(e) => {
        e.preventDefault();
        go(`/cases/${id}`);
      }}
    >
      {reference}
    </Anchor>
  );
}

/** One case of the merge: reference, status, dates and counts of what would move. */
function SideSummary({ side, title }: { side: Side; title: string }) {
  const { t } = useTranslation();
  const incidents = useIncidents(side.id).data?.length;
  const referrals = useReferrals(side.id).data;
  const followUps = useCaseFollowUps(side.id).data?.length;
  const count = (n: number | undefined) => (n === undefined ? '…' : String(n));
  const referralCount = Array.isArray(referrals)
    ? referrals.length
    : (referrals as { items?: unknown[] } | undefined)?.items?.length;
  return (
    <Paper withBorder p="sm" data-testid={`side-${side.reference}`}>
      <Text size="sm" c="gray.8">
        {title}
      </Text>
      <Text ff="monospace" fw={700} fz="lg">
        {side.reference}
      </Text>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>{t('dupes.status')}</Table.Td>
            <Table.Td>
              <StatusBadge status={side.status} />
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('dupes.opened')}</Table.Td>
            <Table.Td>{formatDate(side.openedAt)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('dupes.updated')}</Table.Td>
            <Table.Td>{formatDate(side.updatedAt)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('dupes.incidents')}</Table.Td>
            <Table.Td>{count(incidents)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('dupes.referrals')}</Table.Td>
            <Table.Td>{count(referralCount)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>{t('dupes.followUps')}</Table.Td>
            <Table.Td>{count(followUps)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The supervisor's merge: find the other case by reference, compare side by side, confirm. */
function MergeForm({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const [reference, setReference] = useState('');
  const [key, setKey] = useState(newKey);
  const find = useFindCase();
  const merge = useMerge(file.id);
  const other = find.data && find.data.id !== file.id ? find.data : null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="h-merge">
      <Stack gap="sm">
        <Title order={2} size="h4" id="h-merge">
          {t('dupes.merge')}
        </Title>
        <Text size="sm">{t('dupes.mergeIntro')}</Text>
        <Group align="end" gap="sm" wrap="wrap">
          <TextInput
            label={t('dupes.otherReference')}
            placeholder="HN-2026-000123"
            value={reference}
            onChange={(e) => {
              setReference(e.currentTarget.value);
            }}
            style={{ flex: '1 1 200px' }}
            data-testid="merge-reference"
          />
          <Button
            variant="outline"
            loading={find.isPending}
            disabled={reference.trim() === ''}
            onClick={() => {
              setKey(newKey());
              merge.reset();
              find.mutate(reference.trim());
            }}
          >
            {t('dupes.find')}
          </Button>
        </Group>
        <ErrorAlert error={find.error} />
        {find.isSuccess && !other && <Text c="red.9">{t('dupes.notFound')}</Text>}
        {other && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <SideSummary side={file} title={t('dupes.keeps')} />
              <SideSummary side={other} title={t('dupes.goes')} />
            </SimpleGrid>
            <Group gap="sm">
              <Button
                color="red.9"
                loading={merge.isPending}
                data-testid="merge-confirm"
                onClick={() => {
                  merge.mutate(
                    { mergedCaseId: other.id, survivingVersion: file.version, key },
                    {
                      onSuccess: () => {
                        setReference('');
                        find.reset();
                      },
                    },
                  );
                }}
              >
                {t('dupes.confirm')}
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  find.reset();
                }}
              >
                {t('dupes.cancel')}
              </Button>
            </Group>
          </>
        )}
        <ErrorAlert error={merge.error} />
      </Stack>
    </Paper>
  );
}

function MergeRow({ m, supervisor }: { m: CaseMerge; supervisor: boolean }) {
  const { t } = useTranslation();
  const undo = useUndoMerge();
  const counts = m.moved
    .filter((x) => x.count > 0)
    .map(
      (x) =>
        `${String(x.count)} ${t(`dupes.participants.${x.participant}`, { defaultValue: x.participant })}`,
    )
    .join(', ');
  return (
    <Paper withBorder p="sm" data-testid="merge-row">
      <Stack gap={4}>
        <Text>
          <CaseLink {...m.merged} /> → <CaseLink {...m.surviving} />
        </Text>
        <Text size="sm">
          {m.undoneAt
            ? t('dupes.undone', { at: formatDateTime(m.undoneAt) })
            : t('dupes.mergedAt', {
                at: formatDateTime(m.mergedAt),
                deadline: formatDateTime(m.undoDeadline),
              })}
        </Text>
        {counts && <Text size="sm">{t('dupes.moved', { counts })}</Text>}
        {supervisor && m.undoable && (
          <Button
            size="xs"
            variant="outline"
            color="red.9"
            w="fit-content"
            loading={undo.isPending}
            onClick={() => {
              undo.mutate(m.id);
            }}
          >
            {t('dupes.undo')}
          </Button>
        )}
        <ErrorAlert error={undo.error} />
      </Stack>
    </Paper>
  );
}

/** The file's links and merges; the supervisor's merge and undo. */
export function DuplicatesTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const supervisor = me?.roles.includes('supervisor') ?? false;
  const links = useLinks(file.id);
  const merges = useMerges(file.id);
  const unlink = useUnlink(file.id);
  return (
    <Stack gap="md">
      <Stack gap={4} component="section" aria-labelledby="h-links">
        <Title order={2} size="h4" id="h-links">
          {t('dupes.links')}
        </Title>
        {links.data?.length === 0 && <Text>{t('dupes.noLinks')}</Text>}
        {links.data?.map((l) => (
          <Group key={l.id} gap="sm" wrap="wrap" data-testid="link-row">
            <CaseLink id={l.caseId} reference={l.reference} />
            <StatusBadge status={l.status} />
            <Text size="sm">{formatDateTime(l.createdAt)}</Text>
            {file.status !== 'closed' && (
              <Button
                size="xs"
                variant="subtle"
                loading={unlink.isPending}
                onClick={() => {
                  unlink.mutate(l.id);
                }}
              >
                {t('dupes.unlink')}
              </Button>
            )}
          </Group>
        ))}
        <ErrorAlert error={links.error ?? unlink.error} />
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="h-merges">
        <Title order={2} size="h4" id="h-merges">
          {t('dupes.merges')}
        </Title>
        {merges.data?.length === 0 && <Text>{t('dupes.noMerges')}</Text>}
        {merges.data?.map((m) => (
          <MergeRow key={m.id} m={m} supervisor={supervisor} />
        ))}
        <ErrorAlert error={merges.error} />
      </Stack>
      {supervisor && file.status !== 'closed' && <MergeForm file={file} />}
    </Stack>
  );
}
