import { useState } from 'react';
import { Alert, Button, Code, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { QrCode } from './QrCode';

/** TOTP enrolment: the otpauth URL as a QR code (and its key for typing), then a first code confirms. */
export default function MfaSetupPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = (err: unknown) => {
    setError(err instanceof ApiError && err.message ? err.message : t('app.error'));
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setUrl(unwrap(await api.POST('/api/v1/auth/mfa/setup')).otpauthUrl);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (e: React.SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      unwrap(await api.POST('/api/v1/auth/mfa/enable', { body: { totp: code } }));
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const secret = url ? (new URL(url).searchParams.get('secret') ?? '') : '';
  return (
    <Paper withBorder p="lg" maw={480} mx="auto" mt="md">
      <Stack>
        <Title order={1} size="h2">
          {t('mfa.title')}
        </Title>
        <Text>{t('mfa.intro')}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {!url ? (
          <Button onClick={() => void start()} loading={busy}>
            {t('mfa.start')}
          </Button>
        ) : (
          <form onSubmit={(e) => void confirm(e)}>
            <Stack>
              <QrCode value={url} label={t('mfa.qr')} />
              <Text size="sm">{t('mfa.manual')}</Text>
              <Code style={{ wordBreak: 'break-all' }}>{secret.replace(/(.{4})/g, '$1 ').trim()}</Code>
              <TextInput
                label={t('auth.totp')}
                value={code}
                onChange={(e) => {
                  setCode(e.currentTarget.value.replace(/\D/g, ''));
                }}
                required
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
              />
              <Button type="submit" loading={busy}>
                {t('mfa.confirm')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
