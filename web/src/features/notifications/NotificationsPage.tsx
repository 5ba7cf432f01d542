import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useCatalogue, useLabel } from '../../app/hooks';
import { formatDateTime } from '../../app/i18n/format';
import type { components } from '../../api/schema';
import { useMarkAllRead } from './hooks';

type Page = components['schemas']['NotificationPageDto'];

export default function NotificationsPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const types = useCatalogue('notification-types').data;
  const pages = useInfiniteQuery({
    queryKey: ['notifications', 'list'],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page) => last.nextCursor ?? undefined,
    queryFn: async ({ pageParam }): Promise<Page> =>
      unwrap(
        await api.GET('/api/v1/notifications', {
          params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: refresh,
  });
  const markAll = useMarkAllRead();
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('notifications.title')}
        </Title>
        <Button
          variant="default"
          onClick={() => {
            markAll.mutate();
          }}
          loading={markAll.isPending}
          disabled={!items.some((n) => !n.readAt)}
        >
          {t('notifications.markAllRead')}
        </Button>
      </Group>
      {pages.isSuccess && items.length === 0 && <Text>{t('notifications.empty')}</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((n) => {
          const type = types?.items.find((i) => i.key === n.type);
          return (
            <Paper component="li" key={n.id} withBorder p="sm" bg={n.readAt ? undefined : 'teal.0'}>
              <Group justify="space-between" wrap="wrap">
                <div>
                  <Group gap="xs">
                    {!n.readAt && (
                      <Badge color="red" size="sm">
                        {t('notifications.unread')}
                      </Badge>
                    )}
                    <Text fw={600}>{label(type, n.type)}</Text>
                    {n.reference && <Text ff="monospace">{n.reference}</Text>}
                  </Group>
                  <Text size="sm" c="gray.7">
                    {formatDateTime(n.createdAt)}
                  </Text>
                </div>
                {!n.readAt && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      markRead.mutate(n.id);
                    }}
                  >
                    {t('notifications.markRead')}
                  </Button>
                )}
              </Group>
            </Paper>
          );
        })}
      </Stack>
      {pages.hasNextPage && (
        <Button
          variant="subtle"
          onClick={() => void pages.fetchNextPage()}
          loading={pages.isFetchingNextPage}
        >
          {t('notifications.more')}
        </Button>
      )}
    </Stack>
  );
}
