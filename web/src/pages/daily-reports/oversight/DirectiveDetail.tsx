import { RollbackOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Progress,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DIRECTIVE_TARGET_STATUS_LABELS, type DirectiveTargetStatus } from '../../../../../shared/enums';
import {
  type DirectiveChaseResult,
  type DirectiveCompliance,
  type DirectiveTargetView,
  type DirectiveView,
  useAcknowledgeDirective,
  useDirective,
  useDirectiveCompliance,
  useDirectiveTargets,
} from '../../../api/report-oversight';
import { useMe } from '../../../auth';
import { ErrorState } from '../../../components/ErrorPages';
import { PageHeader, ScrollX } from '../../../components/ListPage';
import { QueryGate } from '../../../components/PagedTable';
import { PageSpinner } from '../../../components/PageSpinner';
import { StatusTag } from '../../../components/StatusTag';
import { useLocale } from '../../../i18n';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useUrlState } from '../../../lib/useUrlState';
import { ChaseDirectivesButton, DirectiveChaseOutcome } from './ChaseDirectives';
import { TARGET_COLORS } from './DirectiveList';

type DivRow = DirectiveCompliance['byDivision'][number];
const FILTER_KEYS = ['tstatus', 'tdivision', 'page'] as const;

const pct = (r: number | null, locale: string) => (r === null ? '—' : `${formatNumber(r * 100, locale, 1)}%`);

/** An action's label in the UI language. */
function actionLabel(a: DirectiveView['actions'][number], locale: string) {
  return locale === 'en' && a.labelEn ? a.labelEn : a.label;
}

/**
 * One enterprise's acknowledgement of a directive: tick each action done, then save. The first save
 * is the acknowledgement; `onBehalf` names the enterprise when a liaison acts for it.
 */
function AckChecklist({
  directive,
  target,
  onBehalf,
}: {
  directive: DirectiveView;
  target: DirectiveTargetView;
  onBehalf?: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const ack = useAcknowledgeDirective(directive.id);
  const [ticked, setTicked] = useState<Record<string, boolean>>(target.actions);
  useEffect(() => setTicked(target.actions), [target]);

  const save = async () => {
    try {
      const res = await ack.mutateAsync({
        ...(onBehalf ? { enterpriseId: target.enterpriseId } : {}),
        actions: Object.fromEntries(directive.actions.map((a) => [a.key, !!ticked[a.key]])),
      });
      message.success(res.status === 'completed' ? t('directive.completedMsg') : t('directive.ackedMsg'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Flex vertical gap={12}>
      {directive.actions.map((a) => (
        <Checkbox
          key={a.key}
          checked={!!ticked[a.key]}
          onChange={(e) => setTicked((prev) => ({ ...prev, [a.key]: e.target.checked }))}
          data-testid={`directive-action-${a.key}`}
        >
          {actionLabel(a, locale)}
        </Checkbox>
      ))}
      {target.acknowledgedAt && (
        <Typography.Text type="secondary">
          {t('directive.ackedAt', {
            time: formatDateTime(target.acknowledgedAt),
            name: target.acknowledgedBy?.displayName ?? '—',
          })}
          {target.onBehalf ? ` · ${t('directive.onBehalf')}` : ''}
        </Typography.Text>
      )}
      <div>
        <Button
          type="primary"
          loading={ack.isPending}
          onClick={() => void save()}
          data-testid="directive-ack"
        >
          {target.status === 'pending' ? t('directive.acknowledge') : t('directive.saveProgress')}
        </Button>
      </div>
    </Flex>
  );
}

/** The enterprise's own acknowledgement. */
function MyAcknowledgement({ directive }: { directive: DirectiveView }) {
  const { t } = useTranslation();
  const mine = directive.mine;
  return (
    <Card
      variant="borderless"
      title={t('directive.myAck')}
      extra={
        mine ? (
          <StatusTag value={mine.status} labels={DIRECTIVE_TARGET_STATUS_LABELS} colors={TARGET_COLORS} />
        ) : undefined
      }
      data-testid="directive-mine"
    >
      {mine ? (
        <AckChecklist directive={directive} target={mine} />
      ) : (
        <Typography.Text type="secondary">{t('directive.notTargeted')}</Typography.Text>
      )}
    </Card>
  );
}

/** A liaison acknowledges for one of the enterprises they are stationed with that the directive binds. */
function OnBehalfAcknowledgement({ directive }: { directive: DirectiveView }) {
  const { t } = useTranslation();
  // A liaison's scope is their own enterprises: the targets they see are the ones they may act for.
  const targets = useDirectiveTargets(directive.id, { pageSize: 200 });
  const [picked, setPicked] = useState<number | undefined>();
  const items = targets.data?.items ?? [];
  const chosen =
    items.find((x) => x.enterpriseId === picked) ?? items.find((x) => x.status !== 'completed') ?? items[0];
  return (
    <Card
      variant="borderless"
      title={t('directive.onBehalfTitle')}
      extra={
        chosen ? (
          <StatusTag value={chosen.status} labels={DIRECTIVE_TARGET_STATUS_LABELS} colors={TARGET_COLORS} />
        ) : undefined
      }
      data-testid="directive-on-behalf"
    >
      <QueryGate query={targets}>
        {() =>
          !chosen ? (
            <Typography.Text type="secondary">{t('directive.noTargetsOfMine')}</Typography.Text>
          ) : (
            <Flex vertical gap={12}>
              <Typography.Text type="secondary">{t('directive.onBehalfHint')}</Typography.Text>
              <Select<number>
                style={{ width: '100%', maxWidth: 480 }}
                value={chosen.enterpriseId}
                onChange={setPicked}
                placeholder={t('directive.onBehalfPick')}
                showSearch={{ optionFilterProp: 'label' }}
                options={items.map((x) => ({ value: x.enterpriseId, label: x.enterpriseName }))}
                data-testid="directive-on-behalf-enterprise"
              />
              <AckChecklist key={chosen.enterpriseId} directive={directive} target={chosen} onBehalf />
            </Flex>
          )
        }
      </QueryGate>
    </Card>
  );
}

/** Compliance per division and per action, with the enterprises behind each figure. */
function ComplianceCard({ directive }: { directive: DirectiveView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { values: f, update } = useUrlState(FILTER_KEYS);
  const { data, error, refetch } = useDirectiveCompliance(directive.id);
  const page = Number(f.page) || 1;
  const targets = useDirectiveTargets(directive.id, {
    status: f.tstatus,
    division: f.tdivision,
    page,
    pageSize: 20,
  });

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <PageSpinner />;

  const link = (n: number, division: string | undefined, status?: DirectiveTargetStatus) =>
    n > 0 ? (
      <Button
        type="link"
        size="small"
        style={{ padding: 0 }}
        onClick={() => update({ tdivision: division, tstatus: status })}
      >
        {formatNumber(n, locale)}
      </Button>
    ) : (
      0
    );

  const columns: TableColumnsType<DivRow> = [
    { title: t('directive.division'), dataIndex: 'divisionName' },
    { title: t('directive.targeted'), align: 'right', render: (_, r) => link(r.targeted, r.divisionCode) },
    {
      title: t('directive.pending'),
      align: 'right',
      render: (_, r) => link(r.targeted - r.acknowledged, r.divisionCode, 'pending'),
    },
    {
      title: t('directive.acknowledged'),
      align: 'right',
      render: (_, r) => link(r.acknowledged, r.divisionCode, 'acknowledged'),
    },
    {
      title: t('directive.completed'),
      align: 'right',
      render: (_, r) => link(r.completed, r.divisionCode, 'completed'),
    },
    {
      title: t('directive.complianceRate'),
      dataIndex: 'complianceRate',
      width: 180,
      render: (v: number | null) =>
        v === null ? (
          '—'
        ) : (
          <Progress percent={Math.round(v * 1000) / 10} size="small" format={() => pct(v, locale)} />
        ),
    },
  ];

  const targetColumns: TableColumnsType<DirectiveTargetView> = [
    {
      title: t('directive.enterprise'),
      dataIndex: 'enterpriseName',
      render: (v: string, r) => <Link to={`/enterprises/${r.enterpriseId}`}>{v}</Link>,
    },
    { title: t('directive.division'), dataIndex: 'divisionName', width: 170 },
    {
      title: t('directive.status'),
      dataIndex: 'status',
      width: 110,
      render: (v: DirectiveTargetStatus) => (
        <StatusTag value={v} labels={DIRECTIVE_TARGET_STATUS_LABELS} colors={TARGET_COLORS} />
      ),
    },
    {
      title: t('directive.actionsDone'),
      key: 'done',
      width: 110,
      align: 'right',
      render: (_, r) =>
        `${directive.actions.filter((a) => r.actions[a.key]).length} / ${directive.actions.length}`,
    },
    {
      title: t('directive.acknowledgedAt'),
      dataIndex: 'acknowledgedAt',
      width: 200,
      render: (v: string | null, r) =>
        v ? `${formatDateTime(v)}${r.onBehalf ? ` · ${t('directive.onBehalf')}` : ''}` : '—',
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless" title={t('directive.compliance')} data-testid="directive-compliance">
        <Flex gap={24} wrap style={{ marginBottom: 16 }}>
          <Typography.Text>
            {t('directive.totalLine', {
              targeted: data.total.targeted,
              acknowledged: data.total.acknowledged,
              completed: data.total.completed,
              rate: pct(data.total.complianceRate, locale),
            })}
          </Typography.Text>
        </Flex>
        <ScrollX minWidth={720}>
          <Table<DivRow>
            rowKey="divisionCode"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={data.byDivision}
          />
        </ScrollX>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('directive.byAction')}
        </Typography.Title>
        <Flex vertical gap={4}>
          {data.actions.map((a) => (
            <Flex key={a.key} gap={12} align="center">
              <span style={{ minWidth: 240 }}>
                {actionLabel(
                  directive.actions.find((x) => x.key === a.key) ?? { key: a.key, label: a.label },
                  locale,
                )}
              </span>
              <Progress
                style={{ flex: 1, maxWidth: 360 }}
                percent={data.total.targeted ? Math.round((a.done / data.total.targeted) * 100) : 0}
                format={() => `${a.done} / ${data.total.targeted}`}
                size="small"
              />
            </Flex>
          ))}
        </Flex>
      </Card>
      <Card
        variant="borderless"
        title={t('directive.targets')}
        extra={
          <Segmented<string>
            value={f.tstatus ?? 'all'}
            onChange={(v) => update({ tstatus: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: t('directive.state.all') },
              { value: 'pending', label: t('directive.pending') },
              { value: 'acknowledged', label: t('directive.acknowledged') },
              { value: 'completed', label: t('directive.completed') },
            ]}
          />
        }
      >
        {f.tdivision && (
          <Tag closable onClose={() => update({ tdivision: undefined })} style={{ marginBottom: 12 }}>
            {data.byDivision.find((d) => d.divisionCode === f.tdivision)?.divisionName ?? f.tdivision}
          </Tag>
        )}
        <ScrollX minWidth={720}>
          <Table<DirectiveTargetView>
            data-testid="directive-targets"
            rowKey="enterpriseId"
            size="small"
            loading={targets.isFetching}
            columns={targetColumns}
            dataSource={targets.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: 20,
              total: targets.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => update({ page: p }),
            }}
          />
        </ScrollX>
      </Card>
    </Flex>
  );
}

/** /directives/:id — the directive's text and actions; compliance for oversight, ticking for an enterprise. */
export default function DirectiveDetail() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const { id } = useParams();
  const { data, error, refetch } = useDirective(id);
  const [chased, setChased] = useState<DirectiveChaseResult | null>(null);

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <PageSpinner />;

  return (
    <div>
      <PageHeader
        title={data.title}
        extra={
          <>
            {data.overdue && me.abilities.includes('directive.chase') && (
              <ChaseDirectivesButton directiveId={data.id} onResult={setChased} />
            )}
            <Link to="/directives">
              <Button icon={<RollbackOutlined />}>{t('common.backToList')}</Button>
            </Link>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card variant="borderless" data-testid="directive-detail">
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('directive.issuedAt')}>
              {formatDateTime(data.issuedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('directive.issuedBy')}>
              {data.issuedBy?.displayName ?? t('directive.issuedByHq')}
            </Descriptions.Item>
            <Descriptions.Item label={t('directive.dueDate')}>
              {data.dueDate} {data.overdue && <Tag color="red">{t('directive.overdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('directive.targetCount')}>{data.targetCount}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{data.body}</Typography.Paragraph>
          <Typography.Title level={5}>{t('directive.requiredActions')}</Typography.Title>
          <ol style={{ margin: 0 }}>
            {data.actions.map((a) => (
              <li key={a.key}>{actionLabel(a, locale)}</li>
            ))}
          </ol>
        </Card>
        {chased && <DirectiveChaseOutcome result={chased} onClose={() => setChased(null)} />}
        {data.abilities.includes('directive.ack') && data.mine && <MyAcknowledgement directive={data} />}
        {data.abilities.includes('directive.ack') && me.role === 'liaison' && (
          <OnBehalfAcknowledgement directive={data} />
        )}
        {data.abilities.includes('directive.compliance') && <ComplianceCard directive={data} />}
      </Flex>
    </div>
  );
}
