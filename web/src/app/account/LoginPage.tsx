import { useState } from 'react';
import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { signIn } from '../auth/actions';

export default function LoginPage() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password, needsCode ? totp : undefined);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'MFA_REQUIRED' && !needsCode) {
        setNeedsCode(true);
      } else {
        setError(err instanceof ApiError && err.message ? err.message : t('app.error'));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper component="form" onSubmit={(e) => void submit(e)} withBorder p="lg" maw={420} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('auth.title')}
        </Title>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          label={t('auth.username')}
          value={username}
          onChange={(e) => {
            setUsername(e.currentTarget.value);
          }}
          required
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
        <PasswordInput
          label={t('auth.password')}
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
          }}
          required
          autoComplete="current-password"
        />
        {needsCode && (
          <TextInput
            label={t('auth.totp')}
            description={t('auth.totpHint')}
            value={totp}
            onChange={(e) => {
              setTotp(e.currentTarget.value.replace(/\D/g, ''));
            }}
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            autoFocus
          />
        )}
        <Button type="submit" loading={busy}>
          {t('auth.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}
