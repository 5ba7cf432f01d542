import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, Kbd, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCatalogue, useLabel } from '../../app/hooks';
import { newKey } from '../../shared/newKey';
import { addCallMessages } from './messages';
import { formatDuration, useLogCall } from './queries';

addCallMessages();

/** Outcomes that say the call opened or concerned a case (config/catalogues/call-outcomes.yaml). */
const NEEDS_CASE = new Set(['case_opened', 'linked_to_case']);
const CASE_OPENED = 'case_opened';

interface Current {
  startedAt: number;
  key: string;
}

/** Keys typed into a text field belong to it: only there are the digits not the panel's. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return (
    target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(target.type)
  );
}

/** The digit a key stands for (top row or keypad), or null. */
function digitOf(e: KeyboardEvent): number | null {
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
  return m ? Number(m[1]) : null;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [active]);
  return now;
}

interface Props {
  /** The case the intake saved during this call, if any. */
  caseId: string | null;
  /** The intake's channel, when chosen. */
  channel: string;
}

/**
 * The call under way on the intake screen (issue 15, item 9): a timer from the call's start (the screen
 * opening, or "start a call"), and its ending in two keys: the category (1–6), then the outcome (1–5),
 * saved at once. A case the intake saves during the call is linked, its outcome "case opened" chosen.
 */
export function CallPanel({ caseId, channel }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const categories = useCatalogue('call-categories').data?.items ?? [];
  const outcomes = useCatalogue('call-outcomes').data?.items ?? [];
  const log = useLogCall();
  const [current, setCurrent] = useState<Current | null>(() => ({ startedAt: Date.now(), key: newKey() }));
  const [category, setCategory] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const panelRef = useRef<HTMLElement>(null);
  const now = useNow(current !== null);
  const seconds = current ? Math.round((now - current.startedAt) / 1000) : 0;

  const start = useCallback(() => {
    setCurrent({ startedAt: Date.now(), key: newKey() });
    setCategory(null);
    setOutcome(null);
    setProblem(null);
    setSaved(null);
    log.reset();
  }, [log]);

  // A case saved during the call: the call concerns it, "case opened" unless chosen otherwise. The
  // intake's "new call" (its case cleared) starts the next call when none is under way.
  const previousCase = useRef(caseId);
  useEffect(() => {
    if (caseId && current) setOutcome((o) => o ?? CASE_OPENED);
    if (!caseId && previousCase.current && !current) start();
    previousCase.current = caseId;
  }, [caseId, current, start]);

  const save = useCallback(
    (cat: string | null, out: string | null) => {
      if (!current || !cat || !out || log.isPending) return;
      if (NEEDS_CASE.has(out) && !caseId) {
        setProblem(t('calls.needsCase'));
        return;
      }
      setProblem(null);
      const durationSeconds = Math.round((Date.now() - current.startedAt) / 1000);
      log.mutate(
        {
          key: current.key,
          body: {
            category: cat,
            outcome: out,
            durationSeconds,
            startedAt: new Date(current.startedAt).toISOString(),
            channel: channel || 'hotline',
            ...(caseId ? { caseId } : {}),
          },
        },
        {
          onSuccess: () => {
            setSaved(
              t('calls.saved', {
                category: label(
                  categories.find((c) => c.key === cat),
                  cat,
                ),
                outcome: label(
                  outcomes.find((o) => o.key === out),
                  out,
                ),
                duration: formatDuration(durationSeconds),
              }),
            );
            setCurrent(null);
            setCategory(null);
            setOutcome(null);
          },
          onError: (err) => {
            setProblem(err instanceof ApiError && err.message ? err.message : t('app.error'));
          },
        },
      );
    },
    [current, caseId, channel, log, t, label, categories, outcomes],
  );

  const chooseCategory = useCallback((key: string) => {
    setCategory(key);
    setProblem(null);
  }, []);
  const chooseOutcome = useCallback(
    (key: string) => {
      setOutcome(key);
      save(category, key);
    },
    [category, save],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'Digit9') {
        e.preventDefault();
        if (!current) start();
        panelRef.current?.focus();
        return;
      }
      if (!current || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === 'Escape') {
        setCategory(null);
        setOutcome(caseId ? CASE_OPENED : null);
        setProblem(null);
        return;
      }
      if (e.key === 'Enter' && category && outcome) {
        e.preventDefault();
        save(category, outcome);
        return;
      }
      const n = digitOf(e);
      if (n === null || n < 1) return;
      if (!category) {
        const c = categories[n - 1];
        if (!c) return;
        e.preventDefault();
        chooseCategory(c.key);
        return;
      }
      const o = outcomes[n - 1];
      if (!o) return;
      e.preventDefault();
      chooseOutcome(o.key);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [current, category, outcome, caseId, categories, outcomes, save, start, chooseCategory, chooseOutcome]);

  const keyed = (items: typeof categories, chosen: string | null, choose: (key: string) => void) =>
    items.map((item, i) => (
      <Button
        key={item.key}
        size="compact-sm"
        variant={chosen === item.key ? 'filled' : 'default'}
        aria-pressed={chosen === item.key}
        disabled={!current}
        onClick={() => {
          choose(item.key);
        }}
        leftSection={<Kbd size="xs">{i + 1}</Kbd>}
      >
        {label(item, item.key)}
      </Button>
    ));

  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-labelledby="call-title"
      ref={panelRef}
      tabIndex={-1}
      data-testid="call-panel"
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Title order={2} size="h4" id="call-title">
              {t('calls.title')}
            </Title>
            <Text size="sm" c="gray.7">
              {current ? t('calls.inProgress') : t('calls.idle')}
            </Text>
          </Group>
          {current ? (
            <Text
              ff="monospace"
              fz="lg"
              fw={700}
              role="timer"
              aria-label={t('calls.timer')}
              data-testid="call-timer"
            >
              {formatDuration(seconds)}
            </Text>
          ) : (
            <Button size="compact-sm" onClick={start} data-testid="start-call">
              {t('calls.start')}
            </Button>
          )}
        </Group>
        {current && (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Stack gap={4} role="group" aria-labelledby="call-category">
              <Text size="sm" fw={600} id="call-category">
                {t('calls.category')}
              </Text>
              <Group gap={6} wrap="wrap">
                {keyed(categories, category, chooseCategory)}
              </Group>
            </Stack>
            <Stack gap={4} role="group" aria-labelledby="call-outcome">
              <Text size="sm" fw={600} id="call-outcome">
                {t('calls.outcome')}
              </Text>
              <Group gap={6} wrap="wrap">
                {keyed(outcomes, outcome, chooseOutcome)}
              </Group>
            </Stack>
          </SimpleGrid>
        )}
        {current && caseId && (
          <Text size="sm" data-testid="call-linked">
            {t('calls.linked')}
          </Text>
        )}
        {current && (
          <Group gap="xs" wrap="wrap">
            <Button
              size="compact-sm"
              variant="light"
              disabled={!category || !outcome}
              loading={log.isPending}
              onClick={() => {
                save(category, outcome);
              }}
            >
              {t('calls.save')}
            </Button>
            <Text size="xs" c="gray.7">
              {t('calls.hint')}
            </Text>
          </Group>
        )}
        {problem && (
          <Alert color="red" role="alert" p="xs">
            {problem}
          </Alert>
        )}
        <Text size="sm" role="status" data-testid="call-saved">
          {saved ?? ''}
        </Text>
      </Stack>
    </Paper>
  );
}
