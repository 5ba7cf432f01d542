import { List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useLabel, useMe } from '../../app/hooks';
import { formatDate } from '../../app/i18n/format';
import { RiskBadge } from '../../shared/RiskBadge';
import { SurvivorPhone } from '../../shared/SafeContactRules';
import { useCaseFollowUps, useReferrals, type CaseFile } from './hooks';
import { StatusBadge } from './StatusBadge';

export const OPEN_REFERRAL = new Set(['sent', 'accepted', 'in_progress']);

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text fz="sm" fw={600} c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

/** What is open on the case: my open follow-ups on it and its unfinished referrals. */
export function useOpenItems(file: CaseFile) {
  const followUps = (useCaseFollowUps(file.id).data ?? []).filter((f) => f.status === 'open');
  const referrals = (useReferrals(file.id).data?.items ?? []).filter((r) => OPEN_REFERRAL.has(r.status));
  return { followUps, referrals };
}

export function OpenItems({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const { followUps, referrals } = useOpenItems(file);
  return (
    <List data-testid="open-items">
      <List.Item>{t('file.openFollowUps', { count: followUps.length })}</List.Item>
      <List.Item>{t('file.openReferrals', { count: referrals.length })}</List.Item>
    </List>
  );
}

export function SummaryTab({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const label = useLabel();
  const me = useMe().data;
  const channels = useCatalogue('channels').data?.items ?? [];
  const assignee =
    file.assigneeId === null
      ? t('file.unassigned')
      : file.assigneeId === me?.id
        ? t('file.you')
        : t('file.other');
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Field label={t('file.status')}>
          <StatusBadge status={file.status} />
        </Field>
        <Field label={t('file.riskLevel')}>
          {file.riskLevel ? <RiskBadge level={file.riskLevel} /> : t('file.noRisk')}
        </Field>
        <Field label={t('file.assignee')}>{assignee}</Field>
        <Field label={t('file.openedAt')}>{formatDate(file.openedAt)}</Field>
        <Field label={t('file.channel')}>
          {label(
            channels.find((c) => c.key === file.channel),
            file.channel,
          )}
        </Field>
      </SimpleGrid>
      <Field label={t('file.phones')}>
        {(file.survivor.phones ?? []).length === 0 ? (
          <Text>{t('file.none')}</Text>
        ) : (
          (file.survivor.phones ?? []).map((p) => (
            <SurvivorPhone key={p} phone={p} safeContact={file.survivor.safeContact} />
          ))
        )}
      </Field>
      <Title order={2} fz="lg">
        {t('file.openItems')}
      </Title>
      <OpenItems file={file} />
    </Stack>
  );
}
