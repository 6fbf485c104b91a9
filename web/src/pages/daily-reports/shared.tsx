import { Card, Empty, Flex, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { REPORT_CONTENT_LABELS } from '../../../../shared/enums';
import { useMyEnterprises } from '../../api/resumption';
import { useMe } from '../../auth';
import { StatusTag } from '../../components/StatusTag';

export const CONTENT_COLORS = { zero: 'green', normal: 'blue', abnormal: 'red' } as const;

/** The report's content (zero / normal / abnormal) as a tag. */
export function ContentTag({ value }: { value: 'zero' | 'normal' | 'abnormal' }) {
  return (
    <StatusTag value={value} labels={REPORT_CONTENT_LABELS} colors={CONTENT_COLORS} testId="report-content" />
  );
}

/**
 * The enterprise a daily report page is about: the signed-in enterprise's own, or for a liaison
 * the one picked (?enterpriseId=) among their enterprises, shown as "on behalf of".
 */
export function EnterpriseScope({ children }: { children: (enterpriseId: number) => ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const liaison = me.role === 'liaison';
  const enterpriseId = Number(params.get('enterpriseId')) || me.enterpriseId || undefined;
  const mine = useMyEnterprises(liaison);
  return (
    <>
      {liaison && (
        <Card variant="borderless" style={{ marginBottom: 16 }}>
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('dailyReport.filing.onBehalfOf')}</Typography.Text>
            <Select<number>
              style={{ width: '100%', maxWidth: 480 }}
              placeholder={t('dailyReport.filing.pickEnterprise')}
              value={enterpriseId}
              loading={mine.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v) => setParams({ enterpriseId: String(v) }, { replace: true })}
              options={(mine.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
              data-testid="report-enterprise"
            />
          </Flex>
        </Card>
      )}
      {enterpriseId ? children(enterpriseId) : <Empty description={t('dailyReport.filing.pickEnterprise')} />}
    </>
  );
}
