import { useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { session } from './auth/session';
import type { components } from '../api/schema';

export type Catalogue = components['schemas']['CatalogueDto'];

export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get);
}

/** Navigation that replaces the history entry: the back button never walks back into Haven's pages. */
export function useGo(): (to: string) => void {
  const navigate = useNavigate();
  return (to) => void navigate(to, { replace: true });
}

export function useMe() {
  const { accessToken } = useSession();
  return useQuery({
    queryKey: ['me'],
    enabled: accessToken !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/me')),
  });
}

/** A catalogue from the API, labels in both languages; fixed for the session. */
export function useCatalogue(name: string) {
  return useQuery({
    queryKey: ['catalogue', name],
    staleTime: Infinity,
    queryFn: async (): Promise<Catalogue> =>
      unwrap(await api.GET('/api/v1/catalogues/{name}', { params: { path: { name } } })),
  });
}

/** The label of a catalogue value (or anything with vi/en) in the chosen language. */
export function useLabel(): (item: { vi?: string; en?: string } | undefined, fallback?: string) => string {
  const { i18n } = useTranslation();
  return (item, fallback = '') => {
    if (!item) return fallback;
    return (i18n.language === 'en' ? item.en : item.vi) ?? item.vi ?? fallback;
  };
}
