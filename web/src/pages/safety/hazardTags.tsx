import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ESCALATION_LEVEL_LABELS,
  HAZARD_SEVERITY_LABELS,
  HAZARD_STATUS_LABELS,
  type HazardStatus,
} from '../../../../shared/enums';
import type { HazardView } from '../../api/types';
import { StatusTag } from '../../components/StatusTag';

export const HAZARD_STATUS_COLORS: Record<HazardStatus, string> = {
  open: 'red',
  rectifying: 'orange',
  submitted: 'blue',
  closed: 'green',
};

/** Status, severity, overdue and escalation of a hazard as a row of tags. */
export function HazardTags({ h, severity = true }: { h: HazardView; severity?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <StatusTag
        value={h.status}
        labels={HAZARD_STATUS_LABELS}
        colors={HAZARD_STATUS_COLORS}
        testId="hazard-status"
      />
      {severity && (
        <StatusTag
          value={h.severity}
          labels={HAZARD_SEVERITY_LABELS}
          colors={{ general: 'gold', major: 'volcano' }}
        />
      )}
      {h.overdue && (
        <Tag color="error" data-testid="overdue-tag">
          {t('hazard.overdueDays', { count: h.daysOverdue })}
        </Tag>
      )}
      {h.escalationLevel && (
        <StatusTag
          value={h.escalationLevel}
          labels={ESCALATION_LEVEL_LABELS}
          colors={{ district: 'purple', city: 'magenta' }}
        />
      )}
    </>
  );
}
