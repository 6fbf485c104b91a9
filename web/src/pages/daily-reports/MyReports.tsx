import { Card, Empty, Flex, Grid, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DailyReportView,
  useEnterpriseReports,
  useReportForm,
  useReportRevisions,
} from '../../api/daily-reports';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { useLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { ContentTag, EnterpriseScope } from './shared';

/** /reports/mine[?enterpriseId=] — an enterprise's recent daily reports and their revisions. */
export default function MyReports() {
  const { t } = useTranslation();
  return (
    <div data-testid="my-reports-page">
      <PageHeader title={t('dailyReport.filing.mineTitle')} />
      <EnterpriseScope>{(id) => <ReportList key={id} enterpriseId={id} />}</EnterpriseScope>
    </div>
  );
}

function TimelinessTag({ onTime }: { onTime: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={onTime ? 'green' : 'orange'}>
      {onTime ? t('dailyReport.filing.onTime') : t('dailyReport.filing.late')}
    </Tag>
  );
}

function ReportList({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const reports = useEnterpriseReports(enterpriseId);
  const [selected, setSelected] = useState<DailyReportView | null>(null);
  if (reports.isLoading) return <PageSpinner />;
  if (reports.error || !reports.data)
    return <ErrorState error={reports.error} onRetry={() => reports.refetch()} />;
  const items = reports.data.items;
  const shown = selected ?? items[0] ?? null;
  return (
    <Flex vertical={!screens.lg} gap={16} align="flex-start">
      <Card variant="borderless" style={{ flex: 1, width: '100%' }}>
        <Table<DailyReportView>
          rowKey="id"
          size="small"
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ onClick: () => setSelected(r), style: { cursor: 'pointer' } })}
          rowClassName={(r) => (r.id === shown?.id ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('dailyReport.filing.date'), dataIndex: 'date' },
            {
              title: t('dailyReport.filing.status'),
              key: 'onTime',
              render: (_, r) => <TimelinessTag onTime={r.onTime} />,
            },
            {
              title: t('dailyReport.filing.content'),
              key: 'content',
              render: (_, r) => <ContentTag value={r.content} />,
            },
            {
              title: t('dailyReport.filing.revisions'),
              dataIndex: 'revision',
              render: (n: number, r) => (
                <>
                  {n}
                  {r.onBehalf && (
                    <Tag color="purple" style={{ marginLeft: 4 }}>
                      {t('dailyReport.filing.onBehalfTag')}
                    </Tag>
                  )}
                </>
              ),
            },
          ]}
          locale={{ emptyText: <Empty description={t('dailyReport.filing.noReports')} /> }}
          data-testid="my-reports-table"
        />
      </Card>
      {shown && <RevisionHistory report={shown} />}
    </Flex>
  );
}

function RevisionHistory({ report }: { report: DailyReportView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const form = useReportForm();
  const revisions = useReportRevisions(report.id);
  const labelOf = (key: string) => {
    const f = form.data?.fields.find((x) => x.key === key);
    return f ? (locale === 'en' ? f.labelEn : f.labelZh) : key;
  };
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  return (
    <Card
      variant="borderless"
      style={{ flex: 1, width: '100%' }}
      title={t('dailyReport.filing.historyOf', { date: report.date })}
      data-testid="report-revisions"
    >
      {revisions.isLoading ? (
        <PageSpinner />
      ) : revisions.error ? (
        <ErrorState error={revisions.error} onRetry={() => revisions.refetch()} />
      ) : (
        <Timeline
          items={[...(revisions.data ?? [])].reverse().map((rv) => ({
            key: rv.revision,
            color: rv.content === 'abnormal' ? 'red' : rv.content === 'zero' ? 'green' : 'blue',
            children: (
              <Flex vertical gap={2}>
                <Flex gap={4} wrap align="center">
                  <Typography.Text strong>
                    {t('dailyReport.filing.revisionN', { n: rv.revision })}
                  </Typography.Text>
                  <ContentTag value={rv.content} />
                  {rv.onBehalf && <Tag color="purple">{t('dailyReport.filing.onBehalfTag')}</Tag>}
                  <Tag>{t(`dailyReport.filing.source.${rv.source}`)}</Tag>
                </Flex>
                <Typography.Text type="secondary">
                  {t('dailyReport.filing.filedAt', {
                    at: formatDateTime(rv.filedAt),
                    by: rv.filedBy?.displayName ?? '—',
                  })}
                </Typography.Text>
                {rv.revision > 1 &&
                  (Object.keys(rv.changes).length ? (
                    Object.entries(rv.changes).map(([k, c]) => (
                      <Typography.Text key={k}>
                        {labelOf(k)}: {show(c.from)} → {show(c.to)}
                      </Typography.Text>
                    ))
                  ) : (
                    <Typography.Text type="secondary">{t('dailyReport.filing.noChanges')}</Typography.Text>
                  ))}
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}
