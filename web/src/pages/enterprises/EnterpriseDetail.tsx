import {
  AlertOutlined,
  EditOutlined,
  InboxOutlined,
  MessageOutlined,
  RollbackOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Form,
  Input,
  Modal,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ENTERPRISE_FLAG_LABELS, SIZE_CLASS_LABELS } from '../../../../shared/enums';
import { api, isApiError } from '../../api/client';
import type { EnterpriseView } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';
import { formatDateTime, formatNumber, formatYuan } from '../../lib/format';
import { testId } from '../../lib/testId';
import { ResumptionCard } from '../resumption/EnterpriseResumption';
import { ResponsibilityCard } from '../safety/ResponsibilityCard';
import { FLAG_COLORS, flagsOf } from './flags';

export function useEnterprise(id: string | undefined) {
  return useQuery({
    queryKey: ['enterprise', id],
    queryFn: ({ signal }) => api.get<EnterpriseView>(`/api/enterprises/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** One enterprise: every field, its flags, and the actions its `abilities` allow. */
export default function EnterpriseDetail() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const { can } = useAuth();
  const { data: e, error, isLoading, refetch } = useEnterprise(id);
  const [archiveOpen, setArchiveOpen] = useState(false);

  if (isLoading) return <PageSpinner />;
  if (error || !e) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const dash = (v: string | null | undefined) => (v ? v : '—');
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('enterprise.fields.name'), children: e.name },
    {
      key: 'uscc',
      label: t('enterprise.fields.uscc'),
      children: (
        <Typography.Text code copyable>
          {e.uscc}
        </Typography.Text>
      ),
    },
    { key: 'division', label: t('enterprise.fields.division'), children: e.divisionName },
    { key: 'town', label: t('enterprise.fields.town'), children: dash(e.townName) },
    { key: 'address', label: t('enterprise.fields.address'), children: dash(e.address), span: 2 },
    {
      key: 'industry',
      label: t('enterprise.fields.industry'),
      children: `${e.industryCode} ${e.industryName}`,
    },
    { key: 'section', label: t('enterprise.fields.industrySection'), children: e.industrySection },
    {
      key: 'size',
      label: t('enterprise.fields.sizeClass'),
      children: <StatusTag value={e.sizeClass} labels={SIZE_CLASS_LABELS} />,
    },
    {
      key: 'aboveScale',
      label: t('enterprise.fields.aboveScale'),
      children: e.aboveScale ? <Tag color="blue">{t('enterprise.aboveScaleTag')}</Tag> : t('common.no'),
    },
    {
      key: 'flags',
      label: t('enterprise.fields.flags'),
      span: 2,
      children: flagsOf(e).length ? (
        <Flex wrap gap={4}>
          {flagsOf(e).map((f) => (
            <StatusTag key={f} value={f} labels={ENTERPRISE_FLAG_LABELS} colors={FLAG_COLORS} />
          ))}
        </Flex>
      ) : (
        t('enterprise.noFlags')
      ),
    },
    {
      key: 'workforce',
      label: t('enterprise.fields.normalWorkforce'),
      children: t('enterprise.people', {
        count: e.normalWorkforce,
        formatted: formatNumber(e.normalWorkforce, locale),
      }),
    },
    {
      key: 'output',
      label: t('enterprise.fields.normalDailyOutput'),
      children: t('enterprise.perDay', { amount: formatYuan(e.normalDailyOutput, locale) }),
    },
    {
      key: 'legal',
      label: t('enterprise.fields.legalRepresentative'),
      children: dash(e.legalRepresentative),
    },
    { key: 'contact', label: t('enterprise.fields.contactName'), children: dash(e.contactName) },
    {
      key: 'phone',
      label: t('enterprise.fields.contactPhone'),
      children: (
        <Flex gap={4} align="center">
          <span data-testid="enterprise-phone">{dash(e.contactPhone)}</span>
          {e.phoneMasked && <Tag>{t('enterprise.phoneMasked')}</Tag>}
        </Flex>
      ),
    },
    { key: 'version', label: t('enterprise.fields.version'), children: e.version },
    { key: 'created', label: t('enterprise.fields.createdAt'), children: formatDateTime(e.createdAt) },
    { key: 'updated', label: t('enterprise.fields.updatedAt'), children: formatDateTime(e.updatedAt) },
  ];

  return (
    <div data-testid="enterprise-detail">
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {e.name}
            {e.archived && <Tag>{t('enterprise.archivedTag')}</Tag>}
          </Flex>
        }
        extra={
          <>
            <Button icon={<RollbackOutlined />} onClick={() => navigate('/enterprises')}>
              {t('common.backToList')}
            </Button>
            {can('hazard.create') && !e.archived && (
              <Button
                icon={<AlertOutlined />}
                onClick={() =>
                  navigate(`/hazards/new?enterpriseId=${e.id}&enterpriseName=${encodeURIComponent(e.name)}`)
                }
                data-testid="enterprise-record-hazard"
              >
                {t('hazardForm.title')}
              </Button>
            )}
            {can('demand.create') && !e.archived && (
              <Button
                icon={<MessageOutlined />}
                onClick={() => navigate(`/demands/new?enterpriseId=${e.id}`)}
                data-testid="enterprise-raise-demand"
              >
                {t('demand.raise')}
              </Button>
            )}
            {e.abilities.includes('enterprise.update') && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => navigate(`/enterprises/${e.id}/edit`)}
                data-testid="enterprise-edit"
              >
                {t('common.edit')}
              </Button>
            )}
            {e.abilities.includes('enterprise.archive') && (
              <Button
                danger={!e.archived}
                icon={e.archived ? <UndoOutlined /> : <InboxOutlined />}
                onClick={() => setArchiveOpen(true)}
                data-testid="enterprise-archive"
              >
                {e.archived ? t('enterprise.archive.restore') : t('enterprise.archive.archive')}
              </Button>
            )}
          </>
        }
      />
      {e.archived && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="archived-banner"
          title={t('enterprise.archive.banner', { time: formatDateTime(e.archivedAt) })}
        />
      )}
      <Flex vertical gap={16}>
        {can('resumption.read') && <ResumptionCard enterprise={e} />}
        {can('responsibility.read') && <ResponsibilityCard enterpriseId={e.id} />}
        <Card variant="borderless" title={t('enterprise.registryCard')}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={items}
          />
        </Card>
      </Flex>
      <ArchiveModal enterprise={e} open={archiveOpen} onClose={() => setArchiveOpen(false)} />
    </div>
  );
}

function ArchiveModal({
  enterprise: e,
  open,
  onClose,
}: {
  enterprise: EnterpriseView;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const archiving = !e.archived;

  const mutation = useMutation({
    mutationFn: (reason: string) =>
      api.post<EnterpriseView>(`/api/enterprises/${e.id}/archive`, {
        version: e.version,
        archived: archiving,
        reason,
      }),
    onSuccess: (updated) => {
      qc.setQueryData(['enterprise', String(e.id)], updated);
      void qc.invalidateQueries({ queryKey: ['enterprises'] });
      message.success(archiving ? t('enterprise.archive.archived') : t('enterprise.archive.restored'));
      form.resetFields();
      onClose();
    },
    onError: (err) => {
      if (isApiError(err, 'stale_version')) {
        setProblem(t('enterprise.stale.archive'));
        void qc.invalidateQueries({ queryKey: ['enterprise', String(e.id)] });
        return;
      }
      setProblem(formErrorBanner(form, err, ['reason']));
    },
  });

  return (
    <Modal
      open={open}
      title={
        archiving
          ? t('enterprise.archive.archiveTitle', { name: e.name })
          : t('enterprise.archive.restoreTitle', { name: e.name })
      }
      okText={archiving ? t('enterprise.archive.archive') : t('enterprise.archive.restore')}
      okButtonProps={{ danger: archiving, loading: mutation.isPending, ...testId('archive-confirm') }}
      onOk={() => form.submit()}
      onCancel={() => {
        setProblem(null);
        onClose();
      }}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">
        {archiving ? t('enterprise.archive.archiveHint') : t('enterprise.archive.restoreHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => mutation.mutate(v.reason)}>
        <Form.Item
          name="reason"
          label={t('enterprise.archive.reason')}
          rules={[
            { required: true, whitespace: true, message: t('enterprise.archive.reasonRequired') },
            { min: 2, max: 200, message: t('validation.length', { min: 2, max: 200 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="archive-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
