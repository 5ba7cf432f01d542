import { Suspense, lazy } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Container,
  Group,
  Indicator,
  Loader,
  Menu,
  SegmentedControl,
  Text,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useUnreadCount } from '../features/notifications/hooks';
import { signOut } from './auth/actions';
import { switchLanguage } from './i18n';
import type { Language } from './i18n/language';
import { useGo, useMe, useSession } from './hooks';
import { IdleLock, QuickExitButton, useEscapeTwice } from './Safety';
import { addCounsellorMessages } from '../shared/messages';
import { addPlanMessages } from '../features/plans/messages';
import { addTransferMessages } from '../features/transfers/messages';

const Login = lazy(() => import('./account/LoginPage'));
const MfaSetup = lazy(() => import('./account/MfaSetupPage'));

function Loading() {
  const { t } = useTranslation();
  return (
    <Center p="xl" aria-live="polite">
      <Loader size="sm" aria-label={t('app.loading')} />
    </Center>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={i18n.language}
      onChange={(v) => {
        switchLanguage(v as Language);
      }}
      data={[
        { value: 'vi', label: 'VI' },
        { value: 'en', label: 'EN' },
      ]}
      data-testid="language-switch"
    />
  );
}

/** The safety bar is on every page, signed in or not. */
function TopBar({ signedIn, ready }: { signedIn: boolean; ready: boolean }) {
  const { t } = useTranslation();
  return (
    <Box
      component="header"
      px="sm"
      py={6}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', background: '#fff' }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="nowrap">
          <Text fw={700} component="span">
            {t('app.name')}
          </Text>
          {ready && <Nav />}
        </Group>
        <Group gap={6} wrap="wrap">
          <LanguageSwitch />
          {ready && <Bell />}
          {signedIn && <AccountMenu full={ready} />}
          <QuickExitButton />
        </Group>
      </Group>
    </Box>
  );
}

const COUNSELLING = ['counsellor', 'supervisor'];

function Nav() {
  addCounsellorMessages();
  addPlanMessages();
  addTransferMessages();
  const { t } = useTranslation();
  const me = useMe().data;
  const roles = me?.roles ?? [];
  const counselling = roles.some((r) => COUNSELLING.includes(r));
  return (
    <Group component="nav" gap="sm" wrap="wrap" aria-label={t('cnav.label')}>
      {roles.includes('hotline_operator') && (
        <Anchor component={Link} to="/hotline" replace size="sm">
          {t('nav.hotline')}
        </Anchor>
      )}
      {counselling && (
        <Anchor component={Link} to="/worklist" replace size="sm">
          {t('cnav.worklist')}
        </Anchor>
      )}
      {counselling && (
        <Anchor component={Link} to="/search" replace size="sm">
          {t('cnav.search')}
        </Anchor>
      )}
      {roles.includes('supervisor') && (
        <Anchor component={Link} to="/plan-approvals" replace size="sm">
          {t('cnav.planApprovals')}
        </Anchor>
      )}
      {roles.includes('supervisor') && (
        <Anchor component={Link} to="/transfers" replace size="sm">
          {t('cnav.transfers')}
        </Anchor>
      )}
    </Group>
  );
}

// The bell's count lives with the notifications feature; Shell keeps exporting it under its name.
export { useUnreadCount };

function Bell() {
  const { t } = useTranslation();
  const unread = useUnreadCount().data;
  const count = unread?.count ?? 0;
  const shown = unread?.more || count > 99 ? '99+' : String(count);
  return (
    <Indicator label={shown} size={16} disabled={count === 0} color="red">
      <ActionIcon
        component={Link}
        to="/notifications"
        replace
        variant="default"
        size="lg"
        aria-label={t('notifications.bell', { count: count })}
        data-testid="bell"
      >
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
      </ActionIcon>
    </Indicator>
  );
}

function AccountMenu({ full }: { full: boolean }) {
  const { t } = useTranslation();
  const go = useGo();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" size="sm" px={10}>
          {t('nav.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {full && (
          <Menu.Item
            onClick={() => {
              go('/password');
            }}
          >
            {t('auth.changePassword')}
          </Menu.Item>
        )}
        <Menu.Item
          onClick={() => {
            signOut();
            go('/');
          }}
          data-testid="sign-out"
        >
          {t('auth.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Gate() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError)
    return (
      <Alert color="red" role="alert" m="md">
        {t('app.error')}
      </Alert>
    );
  const user = me.data;
  if (user.mfaRequired && !user.mfaVerified) {
    if (!user.mfaEnabled) return <MfaSetup />;
    return (
      <Alert color="orange" role="alert" m="md">
        {t('mfa.reauth')}
      </Alert>
    );
  }
  return <Outlet />;
}

export function Shell() {
  const { t } = useTranslation();
  const { accessToken } = useSession();
  const me = useMe().data;
  // Until the second factor is done, only signing out is offered (the API refuses the rest anyway).
  const ready = accessToken !== null && me !== undefined && (!me.mfaRequired || me.mfaVerified);
  useEscapeTwice();
  return (
    <>
      <IdleLock enabled={ready} mfa={me?.mfaEnabled ?? false}>
        <a className="skip-link" href="#main">
          {t('app.skip')}
        </a>
        <TopBar signedIn={accessToken !== null} ready={ready} />
        <Container component="main" id="main" size="xl" px="sm" py="md" tabIndex={-1}>
          <Suspense fallback={<Loading />}>{accessToken === null ? <Login /> : <Gate />}</Suspense>
        </Container>
      </IdleLock>
    </>
  );
}
