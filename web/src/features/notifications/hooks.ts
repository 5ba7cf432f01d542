import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** The bell's number: GET /notifications/unread-count, every minute. `more`: beyond what the badge shows. */
export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    refetchInterval: 60_000,
    queryFn: async () => {
      const { count } = unwrap(await api.GET('/api/v1/notifications/unread-count'));
      return { count, more: count > 99 };
    },
  });
}

/** POST /notifications/read-all: every unread one at once; the list and the bell are fetched again. */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/notifications/read-all')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
