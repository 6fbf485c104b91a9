import { Card, Col, Empty, Flex, Progress, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CAMPAIGN_STATUS_LABELS, HAZARD_LINE_LABELS } from '../../../../shared/enums';
import { useCampaigns } from '../../api/safety';
import type { CampaignView } from '../../api/types';
import { ErrorState } from '../../components/ErrorPages';
import { ListPage, NewButton } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';

const pct = (r: number | null) => (r === null ? 0 : Math.round(r * 1000) / 10);

/** /campaigns — special campaigns (专项治理) with their live progress; the commander launches new ones. */
export default function CampaignList() {
  const { t } = useTranslation();
  const { data, error, isLoading, refetch } = useCampaigns();
  return (
    <ListPage
      title={t('campaign.title')}
      actions={
        <NewButton access="campaign.manage" to={'/campaigns/new'} testId="campaign-new">
          {t('campaign.create')}
        </NewButton>
      }
    >
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : isLoading || !data ? (
        <PageSpinner />
      ) : data.items.length === 0 ? (
        <Empty description={t('campaign.empty')} />
      ) : (
        <Flex vertical gap={16} data-testid="campaign-list">
          {data.items.map((c) => (
            <CampaignCard key={c.id} c={c} />
          ))}
        </Flex>
      )}
    </ListPage>
  );
}

/** A campaign's status and line as tags. */
export function CampaignTags({ c }: { c: CampaignView }) {
  return (
    <>
      <StatusTag
        value={c.status}
        labels={CAMPAIGN_STATUS_LABELS}
        colors={{ planned: 'default', active: 'processing', ended: 'success' }}
        testId="campaign-status"
      />
      {c.line && <StatusTag value={c.line} labels={HAZARD_LINE_LABELS} />}
    </>
  );
}

function CampaignCard({ c }: { c: CampaignView }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  return (
    <Card
      size="small"
      data-testid="campaign-card"
      title={
        <Flex gap={8} align="center" wrap>
          <Link to={`/campaigns/${c.id}`} style={{ whiteSpace: 'normal' }} data-testid="campaign-link">
            {name(c)}
          </Link>
          <CampaignTags c={c} />
        </Flex>
      }
      extra={<Link to={`/hazards?campaign=${c.id}`}>{t('campaign.viewHazards')}</Link>}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {t('campaign.window', { from: c.startsOn, to: c.endsOn })} ·{' '}
          {t('campaign.asOf', { date: c.progress.asOf })}
        </Typography.Text>
        {c.description && <Typography.Paragraph style={{ margin: 0 }}>{c.description}</Typography.Paragraph>}
        <CampaignProgressPanel c={c} />
      </Flex>
    </Card>
  );
}

/** The figures and progress bars of a campaign against its targets. */
export function CampaignProgressPanel({ c }: { c: CampaignView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const p = c.progress;
  const n = (v: number) => formatNumber(v, locale);
  return (
    <Flex vertical gap={12}>
      <Row gutter={[16, 8]}>
        {(
          [
            ['inScope', p.enterprisesInScope],
            ['inspected', p.inspectedEnterprises],
            ['inspections', p.inspections],
            ['found', p.hazardsFound],
            ['rectified', p.hazardsClosed],
            ['overdue', p.hazardsOverdue],
          ] as const
        ).map(([k, v]) => (
          <Col key={k} xs={8} md={4}>
            <Statistic
              title={t(`campaign.${k}`)}
              value={n(v)}
              styles={{
                content: { fontSize: 20, color: k === 'overdue' && v > 0 ? '#cf1322' : undefined },
              }}
            />
          </Col>
        ))}
      </Row>
      <Flex vertical gap={4}>
        <Typography.Text>
          {t('campaign.coverage')}{' '}
          <Typography.Text type="secondary">
            {t('campaign.coverageTarget', { pct: c.targets.coveragePct })}
          </Typography.Text>
        </Typography.Text>
        <Progress
          percent={pct(p.coverage)}
          success={{ percent: Math.min(pct(p.coverage), c.targets.coveragePct) }}
          status={pct(p.coverage) >= c.targets.coveragePct ? 'success' : 'active'}
        />
        {c.targets.inspections > 0 && (
          <>
            <Typography.Text>
              {t('campaign.inspections')}{' '}
              <Typography.Text type="secondary">
                {t('campaign.inspectionTarget', { count: c.targets.inspections })}
              </Typography.Text>
            </Typography.Text>
            <Progress percent={Math.min(100, pct(p.inspectionTargetRate))} />
          </>
        )}
        <Typography.Text>{t('campaign.rectification')}</Typography.Text>
        <Progress percent={pct(p.rectificationRate)} strokeColor="#52c41a" />
      </Flex>
    </Flex>
  );
}
