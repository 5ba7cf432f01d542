import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Center,
  FocusTrap,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { exitNow } from './safety/exit';
import { escapeTwice, overlayOpen } from './safety/escape-twice';
import { idleTimer } from './safety/idle';
import { IDLE_LOCK_MS } from './safety/config';
import { reauthenticate } from './auth/actions';
import { ApiError } from '../api/client';

export function QuickExitButton() {
  const { t } = useTranslation();
  return (
    <Button color="red.9" px={12} onClick={exitNow} title={t('exit.hint')} data-testid="quick-exit">
      {t('exit.button')}
    </Button>
  );
}

/** Escape twice anywhere (no dialog or menu open) leaves at once. */
export function useEscapeTwice(): void {
  useEffect(() => {
    const handler = escapeTwice({ onTrigger: exitNow, isBlocked: () => overlayOpen() });
    window.addEventListener('keydown', handler, true);
    return () => {
      window.removeEventListener('keydown', handler, true);
    };
  }, []);
}

/**
 * Covers the screen after IDLE_LOCK_MS without activity (while signed in) and asks for the password again.
 * Everything under it, header included, stays mounted (a draft intake is kept) but inert.
 */
export function IdleLock({
  children,
  enabled,
  mfa,
}: {
  children: ReactNode;
  enabled: boolean;
  mfa: boolean;
}) {
  const { t } = useTranslation();
  const [locked, setLocked] = useState(false);
  const timer = useRef<ReturnType<typeof idleTimer> | null>(null);
  useEffect(() => {
    if (!enabled) return;
    timer.current = idleTimer(IDLE_LOCK_MS, () => {
      setLocked(true);
    });
    return () => {
      timer.current?.stop();
      timer.current = null;
      setLocked(false);
    };
  }, [enabled]);
  const unlocked = () => {
    setLocked(false);
    timer.current?.resume();
  };
  return (
    <>
      <div inert={locked}>{children}</div>
      {locked && <LockScreen onUnlocked={unlocked} mfa={mfa} title={t('lock.title')} />}
    </>
  );
}

function LockScreen({ onUnlocked, mfa, title }: { onUnlocked: () => void; mfa: boolean; title: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await reauthenticate(password, mfa ? totp : undefined);
      onUnlocked();
    } catch (err) {
      setError(err instanceof ApiError && err.message ? err.message : t('app.error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="lock-title"
      data-quick-exit-allowed
      data-testid="idle-lock"
      style={{ position: 'fixed', inset: 0, zIndex: 500, background: 'var(--mantine-color-gray-1)' }}
    >
      <Center h="100%" p="md">
        <FocusTrap active>
          <Paper component="form" onSubmit={(e) => void submit(e)} withBorder p="lg" maw={400} w="100%">
            <Stack>
              <Title order={1} size="h3" id="lock-title">
                {title}
              </Title>
              <Text size="sm">{t('lock.intro')}</Text>
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <PasswordInput
                label={t('auth.password')}
                value={password}
                onChange={(e) => {
                  setPassword(e.currentTarget.value);
                }}
                required
                autoComplete="current-password"
                data-autofocus
              />
              {mfa && (
                <TextInput
                  label={t('auth.totp')}
                  value={totp}
                  onChange={(e) => {
                    setTotp(e.currentTarget.value);
                  }}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  required
                />
              )}
              <Button type="submit" loading={busy}>
                {t('lock.unlock')}
              </Button>
              <QuickExitButton />
            </Stack>
          </Paper>
        </FocusTrap>
      </Center>
    </div>
  );
}
