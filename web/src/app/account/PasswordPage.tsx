import { useState } from 'react';
import { Alert, Button, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';

export default function PasswordPage() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (next !== repeat) {
      setMessage({ ok: false, text: t('auth.mismatch') });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      unwrap(
        await api.POST('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next } }),
      );
      setCurrent('');
      setNext('');
      setRepeat('');
      setMessage({ ok: true, text: t('auth.passwordChanged') });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError && err.message ? err.message : t('app.error') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper component="form" onSubmit={(e) => void submit(e)} withBorder p="lg" maw={420} mx="auto">
      <Stack>
        <Title order={1} size="h2">
          {t('auth.changePassword')}
        </Title>
        {message && (
          <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        )}
        <PasswordInput
          label={t('auth.currentPassword')}
          value={current}
          onChange={(e) => {
            setCurrent(e.currentTarget.value);
          }}
          required
          autoComplete="current-password"
        />
        <PasswordInput
          label={t('auth.newPassword')}
          description={t('auth.newPasswordHint')}
          value={next}
          onChange={(e) => {
            setNext(e.currentTarget.value);
          }}
          required
          minLength={12}
          autoComplete="new-password"
        />
        <PasswordInput
          label={t('auth.repeatPassword')}
          value={repeat}
          onChange={(e) => {
            setRepeat(e.currentTarget.value);
          }}
          required
          autoComplete="new-password"
        />
        <Button type="submit" loading={busy}>
          {t('auth.save')}
        </Button>
      </Stack>
    </Paper>
  );
}
