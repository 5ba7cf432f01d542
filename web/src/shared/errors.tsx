import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The API's own localised message (its code for the record), never a raw status. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text = error instanceof ApiError && error.message ? error.message : t('app.error');
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <Alert color="red" role="alert" data-code={code}>
      {text}
    </Alert>
  );
}
