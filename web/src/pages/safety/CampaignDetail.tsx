import { CameraOutlined, EditOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ENTERPRISE_FLAG_LABELS, type EnterpriseFlag, HAZARD_LINE_LABELS } from '../../../../shared/enums';
import { useDivisionIndex, useIndustries } from '../../api/reference';
import { useCampaign } from '../../api/safety';
import type { CampaignDetail as Campaign } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader, ScrollX } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formatDateTime, formatNumber } from '../../lib/format';
import { CampaignProgressPanel, CampaignTags } from './CampaignList';

type Row = Campaign['byDivision'][number];

const pct = (r: number | null, locale: string) => (r === null ? '—' : `${formatNumber(r * 100, locale, 1)}%`);

/**
 * /campaigns/:id — one campaign: what it covers (industries, flags, districts), its window,
 * targets and checklist, live progress, and progress by district with drill-down to the hazards.
 */
export default function CampaignDetail() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { label, name, locale } = useLocale();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { data: c, error, isLoading, refetch } = useCampaign(id);
  const { byCode } = useDivisionIndex();
  const industries = useIndustries();

  if (isLoading) return <PageSpinner />;
  if (error || !c) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const industryName = (code: string) => {
    const i = industries.data?.find((x) => x.code === code);
    return i ? `${code} ${name(i)}` : code;
  };
  const tags = (values: string[], show: (v: string) => string, none: string, testId: string) =>
    values.length ? (
      <Flex wrap gap={4} data-testid={testId}>
        {values.map((v) => (
          <Tag key={v}>{show(v)}</Tag>
        ))}
      </Flex>
    ) : (
      <Typography.Text type="secondary" data-testid={testId}>
        {none}
      </Typography.Text>
    );

  const items: DescriptionsProps['items'] = [
    {
      key: 'window',
      label: t('campaign.form.window'),
      children: t('campaign.window', { from: c.startsOn, to: c.endsOn }),
    },
    {
      key: 'line',
      label: t('hazard.fields.line'),
      children: c.line ? (
        <StatusTag value={c.line} labels={HAZARD_LINE_LABELS} />
      ) : (
        t('campaign.form.bothLines')
      ),
    },
    {
      key: 'industries',
      label: t('campaign.form.industries'),
      span: 2,
      children: tags(
        c.scope.industryPrefixes,
        industryName,
        t('campaign.form.anyIndustry'),
        'campaign-scope-industries',
      ),
    },
    {
      key: 'flags',
      label: t('campaign.form.flags'),
      span: 2,
      children: tags(
        c.scope.flags,
        (f) => label(ENTERPRISE_FLAG_LABELS[f as EnterpriseFlag], f),
        t('campaign.noFlag'),
        'campaign-scope-flags',
      ),
    },
    {
      key: 'divisions',
      label: t('campaign.form.divisions'),
      span: 2,
      children: tags(
        c.scope.divisionCodes,
        (d) => name(byCode.get(d), d),
        t('campaign.form.cityWide'),
        'campaign-scope-divisions',
      ),
    },
    {
      key: 'targets',
      label: t('campaign.targets'),
      span: 2,
      children: t('campaign.targetsLine', {
        inspections: formatNumber(c.targets.inspections, locale),
        pct: c.targets.coveragePct,
      }),
    },
    {
      key: 'checklist',
      label: t('campaign.form.checklist'),
      span: 2,
      children: c.checklist ? (
        <Flex gap={8} align="center" wrap data-testid="campaign-checklist-view">
          <Link to={`/checklists/${c.checklist.id}`}>{name(c.checklist)}</Link>
          <Typography.Text type="secondary">
            v{c.checklist.version} · {t('inspection.itemCount', { count: c.checklist.itemCount })}
          </Typography.Text>
          {can('inspection.conduct') && c.status !== 'ended' && (
            <Button
              size="small"
              icon={<CameraOutlined />}
              onClick={() => navigate(`/inspections/new?templateId=${c.checklist!.id}`)}
              data-testid="campaign-inspect"
            >
              {t('campaign.inspectWith')}
            </Button>
          )}
        </Flex>
      ) : (
        <Typography.Text type="secondary" data-testid="campaign-checklist-view">
          {t('campaign.form.noChecklist')}
        </Typography.Text>
      ),
    },
    { key: 'updated', label: t('hazard.fields.updatedAt'), children: formatDateTime(c.updatedAt) },
    { key: 'version', label: t('enterprise.fields.version'), children: c.version },
  ];

  const n = (v: number) => formatNumber(v, locale);
  const hazardsOf = (extra: string) => `/hazards?campaign=${c.id}${extra}`;
  const columns: TableColumnsType<Row> = [
    { title: t('hazard.fields.division'), dataIndex: 'name', render: (v: string, r) => v || r.key },
    { title: t('campaign.inScope'), dataIndex: 'enterprisesInScope', align: 'right', render: n },
    { title: t('campaign.inspected'), dataIndex: 'inspectedEnterprises', align: 'right', render: n },
    {
      title: t('campaign.coverage'),
      dataIndex: 'coverage',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
    { title: t('campaign.inspections'), dataIndex: 'inspections', align: 'right', render: n },
    {
      title: t('campaign.found'),
      dataIndex: 'hazardsFound',
      align: 'right',
      render: (v: number, r) => (v > 0 ? <Link to={hazardsOf(`&division=${r.key}`)}>{n(v)}</Link> : 0),
    },
    { title: t('campaign.rectified'), dataIndex: 'hazardsClosed', align: 'right', render: n },
    {
      title: t('campaign.rectification'),
      dataIndex: 'rectificationRate',
      align: 'right',
      render: (v: number | null) => pct(v, locale),
    },
    {
      title: t('campaign.overdue'),
      dataIndex: 'hazardsOverdue',
      align: 'right',
      render: (v: number, r) =>
        v > 0 ? (
          <Link to={hazardsOf(`&division=${r.key}&overdue=true`)} style={{ color: '#cf1322' }}>
            {n(v)}
          </Link>
        ) : (
          0
        ),
    },
  ];

  return (
    <div data-testid="campaign-detail" style={{ maxWidth: 1100 }}>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="campaign-title">{name(c)}</span>
            <CampaignTags c={c} />
          </Flex>
        }
        extra={
          <>
            <Button icon={<RollbackOutlined />} onClick={() => navigate('/campaigns')}>
              {t('common.backToList')}
            </Button>
            <Button onClick={() => navigate(hazardsOf(''))}>{t('campaign.viewHazards')}</Button>
            {can('campaign.manage') && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => navigate(`/campaigns/${c.id}/edit`)}
                data-testid="campaign-edit"
              >
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      <Flex vertical gap={16}>
        {c.description && (
          <Card variant="borderless">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {c.description}
            </Typography.Paragraph>
          </Card>
        )}
        <Card
          variant="borderless"
          title={t('campaign.progress')}
          extra={
            <Typography.Text type="secondary">
              {t('campaign.asOf', { date: c.progress.asOf })}
            </Typography.Text>
          }
          data-testid="campaign-progress"
        >
          <CampaignProgressPanel c={c} />
        </Card>
        <Card variant="borderless" title={t('campaign.scopeAndTargets')}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={items}
          />
        </Card>
        <Card variant="borderless" title={t('campaign.byDivision')}>
          <ScrollX minWidth={820}>
            <Table<Row>
              rowKey="key"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={c.byDivision}
              locale={{ emptyText: t('campaign.noneInScope') }}
              data-testid="campaign-by-division"
            />
          </ScrollX>
        </Card>
      </Flex>
    </div>
  );
}
