import { useState } from 'react';
import { Anchor, Badge, Group, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import { ErrorAlert } from '../../shared/errors';
import { addCounsellorMessages } from '../../shared/messages';
import { RiskBadge } from '../../shared/RiskBadge';
import { SafeContactRules } from '../../shared/SafeContactRules';
import { FollowUpActions } from './FollowUpActions';
import { useWorklist, type Due, type WorklistItem } from './hooks';

addCounsellorMessages();

const BANDS: Due[] = ['overdue', 'today', 'week'];

/** The counsellor's worklist: overdue, today and this week, each with its count. */
export default function WorklistPage() {
  const { t } = useTranslation();
  const [band, setBand] = useState<Due>('overdue');
  const lists = { overdue: useWorklist('overdue'), today: useWorklist('today'), week: useWorklist('week') };
  const count = (d: Due) => {
    const data = lists[d].data;
    if (!data) return '…';
    return data.nextCursor ? `${data.items.length}+` : String(data.items.length);
  };
  return (
    <Stack gap="md">
      <Title order={1}>{t('worklist.title')}</Title>
      <Tabs
        value={band}
        onChange={(v) => {
          if (v) setBand(v as Due);
        }}
        keepMounted={false}
      >
        <Tabs.List>
          {BANDS.map((d) => (
            <Tabs.Tab key={d} value={d} data-testid={`band-${d}`}>
              {t(`worklist.${d}`, { count: count(d) })}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {BANDS.map((d) => (
          <Tabs.Panel key={d} value={d} pt="sm">
            {lists[d].isPending ? (
              <Loader size="sm" aria-label={t('app.loading')} />
            ) : lists[d].isError ? (
              <ErrorAlert error={lists[d].error} />
            ) : lists[d].data.items.length === 0 ? (
              <Text>{t('worklist.empty')}</Text>
            ) : (
              <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {lists[d].data.items.map((item) => (
                  <Row key={item.id} item={item} />
                ))}
              </Stack>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

/** A row: its risk level and safe contact come with the list (one audited read, not one per row). */
function Row({ item }: { item: WorklistItem }) {
  const { t } = useTranslation();
  const label = useLabel();
  const kinds = useCatalogue('follow-up-kinds').data?.items ?? [];
  const kind = label(
    kinds.find((k) => k.key === item.kind),
    item.kind,
  );
  const overdue = new Date(item.dueAt).getTime() < Date.now();
  return (
    <Paper component="li" withBorder p="sm" data-testid="worklist-row">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="sm" wrap="wrap">
            <Anchor component={Link} to={`/cases/${item.caseId}`} replace fw={700} fz="lg">
              {item.reference}
            </Anchor>
            <Text fw={600}>{kind}</Text>
            <RiskBadge level={item.riskLevel} />
          </Group>
          <Badge color={overdue ? 'red.9' : 'gray.8'} variant={overdue ? 'filled' : 'outline'} size="lg">
            {t('worklist.due')}: {formatDateTime(item.dueAt)}
          </Badge>
        </Group>
        <SafeContactRules safeContact={item.safeContact} compact />
        <FollowUpActions id={item.id} label={`${item.reference} ${kind}`} />
      </Stack>
    </Paper>
  );
}
