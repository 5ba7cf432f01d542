import { Navigate } from 'react-router';
import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from './hooks';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (me?.roles.includes('hotline_operator')) return <Navigate to="/hotline" replace />;
  return (
    <>
      <Title order={1} size="h2">
        {t('home.title', { name: me?.displayName ?? '' })}
      </Title>
      <Text mt="sm">{t('home.soon')}</Text>
    </>
  );
}
