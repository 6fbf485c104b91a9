import { Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  DEMAND_CATEGORY_LABELS,
  DEMAND_ESCALATION_LABELS,
  DEMAND_STATUS_LABELS,
  DEMAND_URGENCY_LABELS,
  type DemandEscalationLevel,
  type DemandStatus,
  type DemandUrgency,
} from '../../../../shared/demands';
import type { DemandView } from '../../api/types';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';

export const DEMAND_STATUS_COLORS: Record<DemandStatus, string> = {
  submitted: 'red',
  accepted: 'orange',
  in_progress: 'blue',
  waiting: 'purple',
  resolved: 'cyan',
  closed: 'green',
};

export const DEMAND_URGENCY_COLORS: Record<DemandUrgency, string> = {
  normal: 'default',
  urgent: 'orange',
  critical: 'red',
};

/** Status, urgency, overdue and escalation of a demand as a row of tags. */
export function DemandTags({ d, category = false }: { d: DemandView; category?: boolean }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const level = d.escalationLevel as DemandEscalationLevel;
  return (
    <>
      <StatusTag
        value={d.status}
        labels={DEMAND_STATUS_LABELS}
        colors={DEMAND_STATUS_COLORS}
        testId="demand-status"
      />
      {category && <Tag>{label(DEMAND_CATEGORY_LABELS[d.category], d.category)}</Tag>}
      {d.urgency !== 'normal' && (
        <StatusTag value={d.urgency} labels={DEMAND_URGENCY_LABELS} colors={DEMAND_URGENCY_COLORS} />
      )}
      {d.overdue && (
        <Tag color="error" data-testid="demand-overdue">
          {t('demand.sla.overdueTag', { date: d.dueOn })}
        </Tag>
      )}
      {!d.overdue && d.dueSoon && <Tag color="warning">{t('demand.sla.dueSoonTag', { date: d.dueOn })}</Tag>}
      {level > 0 && (
        <Tag color={level === 2 ? 'magenta' : 'volcano'} data-testid="demand-escalation">
          {label(DEMAND_ESCALATION_LABELS[level])}
        </Tag>
      )}
    </>
  );
}

/** Which of the five steps a status stands on (waiting is a pause inside "handling"). */
const STEP_OF: Record<DemandStatus, number> = {
  submitted: 0,
  accepted: 1,
  in_progress: 2,
  waiting: 2,
  resolved: 3,
  closed: 4,
};
const STEP_KEYS = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed'] as const;

/** Where a demand stands, as a five-step bar: raised, accepted, handling, resolved, confirmed. */
export function DemandSteps({ d }: { d: DemandView }) {
  const { t } = useTranslation();
  const current = STEP_OF[d.status];
  return (
    <Steps
      type="dot"
      size="small"
      responsive={false}
      titlePlacement="vertical"
      styles={{ itemTitle: { fontSize: 12, whiteSpace: 'nowrap' } }}
      current={current}
      status={d.status === 'closed' ? 'finish' : d.overdue ? 'error' : 'process'}
      data-testid="demand-steps"
      items={STEP_KEYS.map((k, i) => ({
        title: i === 2 && d.status === 'waiting' ? t('demand.steps.waiting') : t(`demand.steps.${k}`),
      }))}
    />
  );
}
