import { Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { addCounsellorMessages } from './messages';

type SafeContactFields = components['schemas']['SafeContactDto'];

/**
 * The rules as the case file (fields left out when unknown) and the follow-ups (fields null when
 * unknown) send them: both mean "not asked yet", never "no".
 */
export type SafeContact = { [K in keyof SafeContactFields]?: SafeContactFields[K] | null };

function known(safeContact: SafeContact | null | undefined): SafeContactFields {
  const out: SafeContactFields = {};
  for (const [k, v] of Object.entries(safeContact ?? {}) as [string, unknown][]) {
    if (v !== null && v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

type Mark = 'yes' | 'no' | 'unknown';

/** A sign and words: the meaning never rests on colour alone. */
function Rule({ mark, text, compact }: { mark: Mark; text: string; compact: boolean }) {
  const sign = mark === 'yes' ? '✓' : mark === 'no' ? '✗' : '?';
  const color = mark === 'yes' ? 'teal.9' : mark === 'no' ? 'red.9' : 'gray.8';
  return (
    <Group component="li" gap={6} wrap="nowrap" align="center" data-mark={mark}>
      <Text component="span" aria-hidden="true" fw={900} c={color} fz={compact ? 'lg' : 24} lh={1}>
        {sign}
      </Text>
      <Text component="span" fw={mark === 'no' ? 800 : 600} c={color} fz={compact ? 'md' : 'xl'}>
        {text}
      </Text>
    </Group>
  );
}

const markOf = (v: boolean | undefined): Mark => (v === undefined ? 'unknown' : v ? 'yes' : 'no');

/**
 * The survivor's safe-contact rules, in large type, wherever one of her phone numbers is shown: may we
 * call, text, leave a message; is the phone shared with the perpetrator; safe times; code word.
 */
export function SafeContactRules({
  safeContact,
  compact = false,
}: {
  safeContact: SafeContact | null | undefined;
  compact?: boolean;
}) {
  addCounsellorMessages();
  const { t } = useTranslation();
  const s = known(safeContact);
  const nothing =
    s.canCall === undefined &&
    s.canText === undefined &&
    s.canLeaveMessage === undefined &&
    s.phoneSharedWithPerpetrator === undefined &&
    !s.safeTimes &&
    !s.codeWord;
  const label = (yes: string, no: string, v: boolean | undefined) =>
    v === undefined ? `${t(yes)}: ${t('safe.unknown')}` : t(v ? yes : no);
  const shared = s.phoneSharedWithPerpetrator;
  return (
    <Box
      role="group"
      aria-label={t('safe.title')}
      data-testid="safe-contact"
      p={compact ? 6 : 'sm'}
      style={{ border: '2px solid var(--mantine-color-orange-7)', borderRadius: 6, background: '#fffaf0' }}
    >
      {!compact && (
        <Text fw={700} fz="lg" mb={4}>
          {t('safe.title')}
        </Text>
      )}
      {nothing ? (
        <Text fw={700} fz={compact ? 'md' : 'xl'} c="red.9">
          <span aria-hidden="true">⚠ </span>
          {t('safe.none')}
        </Text>
      ) : (
        <Group
          component="ul"
          gap={compact ? 'sm' : 'lg'}
          wrap="wrap"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          <Rule
            mark={markOf(s.canCall)}
            text={label('safe.canCall', 'safe.noCall', s.canCall)}
            compact={compact}
          />
          <Rule
            mark={markOf(s.canText)}
            text={label('safe.canText', 'safe.noText', s.canText)}
            compact={compact}
          />
          <Rule
            mark={markOf(s.canLeaveMessage)}
            text={label('safe.canLeaveMessage', 'safe.noLeaveMessage', s.canLeaveMessage)}
            compact={compact}
          />
          {/* A shared phone is the danger: marked "no" (✗) so it reads as a warning. */}
          <Rule
            mark={shared === undefined ? 'unknown' : shared ? 'no' : 'yes'}
            text={
              shared === undefined
                ? `${t('safe.shared')}: ${t('safe.unknown')}`
                : t(shared ? 'safe.shared' : 'safe.notShared')
            }
            compact={compact}
          />
          {s.safeTimes && (
            <Group component="li" gap={6} wrap="nowrap">
              <Text component="span" aria-hidden="true" fz={compact ? 'lg' : 24} lh={1}>
                ◷
              </Text>
              <Text component="span" fw={600} fz={compact ? 'md' : 'xl'}>
                {t('safe.safeTimes')}: {s.safeTimes}
              </Text>
            </Group>
          )}
          {s.codeWord && (
            <Group component="li" gap={6} wrap="nowrap">
              <Text component="span" aria-hidden="true" fz={compact ? 'lg' : 24} lh={1}>
                ✱
              </Text>
              <Text component="span" fw={600} fz={compact ? 'md' : 'xl'}>
                {t('safe.codeWord')}: {s.codeWord}
              </Text>
            </Group>
          )}
        </Group>
      )}
    </Box>
  );
}

/** A phone number of the survivor never appears without her safe-contact rules. */
export function SurvivorPhone({
  phone,
  safeContact,
}: {
  phone: string;
  safeContact: SafeContact | undefined;
}) {
  return (
    <Box>
      <Text fz="xl" fw={700} dir="ltr">
        {phone}
      </Text>
      <SafeContactRules safeContact={safeContact} compact />
    </Box>
  );
}
