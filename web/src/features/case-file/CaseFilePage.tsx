import { Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useState } from 'react';
import { useGo } from '../../app/hooks';
import { ErrorAlert } from '../../shared/errors';
import { addCounsellorMessages } from '../../shared/messages';
import { RiskBadge } from '../../shared/RiskBadge';
import { SafeContactRules } from '../../shared/SafeContactRules';
import { useCaseFile } from './hooks';
import { StatusBadge } from './StatusBadge';
import { SummaryTab } from './SummaryTab';
import { PeopleTab } from './PeopleTab';
import { IncidentsTab, NotesTab, AccessLogTab } from './ListTabs';
import { RiskTab } from './RiskTab';
import { ConsentsTab } from './ConsentsTab';
import { ReferralsTab } from './ReferralsTab';
import { FollowUpsTab } from './FollowUpsTab';
import { MeasuresTab } from './MeasuresTab';
import { WorkflowTab } from './WorkflowTab';
import { BreakGlassTab } from './BreakGlassTab';
import { PrintCaseButton } from '../printing/PrintCaseButton';
import { DuplicatesTab } from '../duplicates/DuplicatesTab';
import { isCaseMerged, MergedNotice } from '../duplicates/MergedNotice';
import { DocumentsTab } from '../documents/DocumentsTab';
import { PlanTab } from '../plans/PlanTab';
import { AssessmentsTab } from '../assessments/AssessmentsTab';
import { SafetyPlanTab } from '../safety-plan/SafetyPlanTab';
import { ServicesTab } from '../services/ServicesTab';
import { TransferTab } from '../transfers/TransferTab';
import { CaseCallsTab } from '../calls/CaseCallsTab';

addCounsellorMessages();

const TABS = [
  'summary',
  'people',
  'incidents',
  'risk',
  'assessments',
  'safetyPlan',
  'services',
  'consents',
  'referrals',
  'followUps',
  'calls',
  'plan',
  'notes',
  'documents',
  'measures',
  'workflow',
  'transfer',
  'breakGlass',
  'accessLog',
  'duplicates',
] as const;
type Tab = (typeof TABS)[number];

/** The case file in tabs; the safe-contact rules stay on top whatever tab is open. */
export default function CaseFilePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const go = useGo();
  const file = useCaseFile(id);
  const [tab, setTab] = useState<Tab>('summary');
  if (file.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (file.isError && isCaseMerged(file.error)) return <MergedNotice id={id} />;
  if (file.isError)
    return (
      <Stack gap="md">
        <Title order={1}>{t('file.notLoaded')}</Title>
        <ErrorAlert error={file.error} />
        <BreakGlassTab id={id} />
      </Stack>
    );
  const c = file.data;
  const panel = (name: Tab) => {
    switch (name) {
      case 'summary':
        return <SummaryTab file={c} />;
      case 'people':
        return <PeopleTab file={c} />;
      case 'incidents':
        return <IncidentsTab id={id} />;
      case 'risk':
        return <RiskTab file={c} />;
      case 'assessments':
        return <AssessmentsTab caseId={id} />;
      case 'safetyPlan':
        return <SafetyPlanTab id={id} />;
      case 'services':
        return <ServicesTab id={id} />;
      case 'consents':
        return <ConsentsTab file={c} />;
      case 'referrals':
        return <ReferralsTab file={c} />;
      case 'followUps':
        return <FollowUpsTab file={c} />;
      case 'calls':
        return <CaseCallsTab id={id} />;
      case 'plan':
        return <PlanTab caseId={id} />;
      case 'notes':
        return <NotesTab id={id} />;
      case 'documents':
        return <DocumentsTab id={id} />;
      case 'measures':
        return <MeasuresTab id={id} />;
      case 'workflow':
        return <WorkflowTab file={c} />;
      case 'transfer':
        return <TransferTab file={c} />;
      case 'breakGlass':
        return <BreakGlassTab id={id} />;
      case 'accessLog':
        return <AccessLogTab id={id} />;
      case 'duplicates':
        return <DuplicatesTab file={c} />;
    }
  };
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <Title order={1}>{t('file.title', { reference: c.reference })}</Title>
        <StatusBadge status={c.status} />
        <RiskBadge level={c.riskLevel} />
        {c.restricted && <Text fw={700}>{t('file.restricted')}</Text>}
        <PrintCaseButton id={id} />
      </Group>
      <SafeContactRules safeContact={c.survivor.safeContact} />
      <Tabs
        value={tab}
        onChange={(v) => {
          if (v) setTab(v as Tab);
        }}
        keepMounted={false}
        variant="outline"
      >
        <Tabs.List aria-label={t('file.tabs')} style={{ flexWrap: 'wrap' }}>
          {TABS.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`file.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((name) => (
          <Tabs.Panel key={name} value={name} pt="md">
            {tab === name && panel(name)}
          </Tabs.Panel>
        ))}
      </Tabs>
      <Text fz="sm" c="dimmed">
        {t('file.version', { version: c.version })}
        {' · '}
        <a
          href="/worklist"
          onClick={(e) => {
            e.preventDefault();
            go('/worklist');
          }}
        >
          {t('cnav.worklist')}
        </a>
      </Text>
    </Stack>
  );
}
