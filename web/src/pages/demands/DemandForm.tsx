import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  DEMAND_CATEGORIES,
  DEMAND_CATEGORY_LABELS,
  DEMAND_URGENCIES,
  DEMAND_URGENCY_LABELS,
  type DemandCategory,
  type DemandUrgency,
} from '../../../../shared/demands';
import { api, isApiError } from '../../api/client';
import { useInvalidateDemands } from '../../api/demands';
import type { DemandDetail, EnterpriseView, Paged } from '../../api/types';
import { useMe } from '../../auth';
import { PageHeader } from '../../components/ListPage';
import { useLocale } from '../../i18n';
import { errorMessage, formErrorBanner } from '../../lib/errors';
import { PhotoField } from '../safety/Photos';

interface Values {
  enterpriseId?: number;
  category?: DemandCategory;
  urgency: DemandUrgency;
  description?: string;
  attachmentIds: number[];
}

const FIELDS = ['enterpriseId', 'category', 'urgency', 'description', 'attachmentIds'] as const;

/** Enterprises in the user's scope, searched by name as they type. */
function useEnterpriseSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['enterprises', 'pick', q],
    queryFn: ({ signal }) =>
      api.get<Paged<EnterpriseView>>(
        '/api/enterprises',
        { q: q || undefined, archived: 'false', pageSize: 30, sort: 'name' },
        signal,
      ),
    staleTime: 60_000,
    enabled,
  });
}

function useEnterpriseName(id: number | undefined) {
  return useQuery({
    queryKey: ['enterprise', String(id)],
    queryFn: ({ signal }) => api.get<EnterpriseView>(`/api/enterprises/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/**
 * /demands/new[?enterpriseId=] — raise a demand (提出诉求), phone first. The enterprise raises for
 * itself; liaisons, contact leaders, squads, districts and HQ pick an enterprise in their scope.
 */
export default function DemandForm() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const navigate = useNavigate();
  const invalidate = useInvalidateDemands();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const own = me.role === 'enterprise' ? (me.enterpriseId ?? undefined) : undefined;
  const preset = own ?? (Number(params.get('enterpriseId')) || undefined);
  const enterprises = useEnterpriseSearch(q, !own);
  const presetEnterprise = useEnterpriseName(preset);
  const enterpriseId = Form.useWatch('enterpriseId', form) ?? preset;

  const options = (enterprises.data?.items ?? []).map((e) => ({
    value: e.id,
    label: e.name,
    desc: e.townName ? `${e.divisionName} · ${e.townName}` : e.divisionName,
  }));
  if (presetEnterprise.data && !options.some((o) => o.value === presetEnterprise.data.id))
    options.unshift({
      value: presetEnterprise.data.id,
      label: presetEnterprise.data.name,
      desc: presetEnterprise.data.divisionName,
    });

  const create = useMutation({
    mutationFn: (v: Values) =>
      api.post<DemandDetail>('/api/demands', {
        enterpriseId: own ?? v.enterpriseId,
        category: v.category,
        urgency: v.urgency,
        description: v.description?.trim(),
        attachmentIds: v.attachmentIds.length ? v.attachmentIds : undefined,
      }),
    onSuccess: (created) => {
      void invalidate();
      navigate(me.role === 'enterprise' ? '/demands/mine' : `/demands/${created.id}`, {
        state: { raised: created.number },
      });
    },
    onError: (err) => {
      // Not this leader's contact enterprise, or out of scope: say so on the enterprise field.
      if (isApiError(err, 'not_contact_leader') || (isApiError(err) && err.status === 404)) {
        form.setFields([{ name: 'enterpriseId', errors: [errorMessage(err)] }]);
        setBanner(null);
        return;
      }
      setBanner(formErrorBanner(form, err, FIELDS));
    },
  });

  return (
    <div data-testid="demand-form" style={{ maxWidth: 640 }}>
      <PageHeader title={t('demand.form.title')} />
      <Typography.Paragraph type="secondary">{t('demand.form.hint')}</Typography.Paragraph>
      {banner && (
        <Alert
          type="error"
          showIcon
          title={banner}
          style={{ marginBottom: 16 }}
          data-testid="demand-form-error"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ enterpriseId: preset, urgency: 'normal', attachmentIds: [] }}
        onFinish={(v) => {
          setBanner(null);
          create.mutate(v);
        }}
      >
        <Card variant="borderless">
          {own ? (
            <Form.Item label={t('demand.fields.enterprise')}>
              <Typography.Text strong data-testid="demand-own-enterprise">
                {presetEnterprise.data?.name ?? '—'}
              </Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item
              name="enterpriseId"
              label={t('demand.fields.enterprise')}
              extra={t('demand.form.enterpriseHint')}
              rules={[{ required: true, message: t('demand.form.pickEnterprise') }]}
            >
              <Select<number>
                showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
                loading={enterprises.isFetching}
                placeholder={t('demand.form.pickEnterprise')}
                options={options}
                optionRender={(o) => (
                  <Flex vertical>
                    <span style={{ whiteSpace: 'normal' }}>{o.data.label}</span>
                    {o.data.desc && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {o.data.desc}
                      </Typography.Text>
                    )}
                  </Flex>
                )}
                notFoundContent={t('demand.form.noEnterprise')}
                data-testid="demand-enterprise"
              />
            </Form.Item>
          )}
          <Form.Item
            name="category"
            label={t('demand.fields.category')}
            rules={[{ required: true, message: t('demand.form.categoryRequired') }]}
          >
            <Radio.Group style={{ width: '100%' }} data-testid="demand-category">
              <Flex wrap gap={8}>
                {DEMAND_CATEGORIES.map((c) => (
                  <Radio.Button
                    key={c}
                    value={c}
                    style={{ borderRadius: 6, borderInlineStartWidth: 1 }}
                    data-testid={`category-${c}`}
                  >
                    {label(DEMAND_CATEGORY_LABELS[c])}
                  </Radio.Button>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="urgency"
            label={t('demand.fields.urgency')}
            rules={[{ required: true, message: t('demand.form.urgencyRequired') }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={DEMAND_URGENCIES.map((u) => ({ value: u, label: label(DEMAND_URGENCY_LABELS[u]) }))}
              data-testid="demand-urgency"
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('demand.fields.description')}
            rules={[
              { required: true, whitespace: true, message: t('demand.form.descriptionRequired') },
              { min: 5, message: t('demand.form.descriptionMin', { min: 5 }) },
              { max: 2000, message: t('validation.max', { max: 2000 }) },
            ]}
          >
            <Input.TextArea
              rows={5}
              maxLength={2000}
              showCount
              placeholder={t('demand.form.descriptionPlaceholder')}
              data-testid="demand-description"
            />
          </Form.Item>
          <Form.Item
            name="attachmentIds"
            label={t('demand.fields.attachments')}
            extra={enterpriseId ? t('demand.form.attachmentsHint') : t('demand.form.attachmentsPickFirst')}
            style={{ marginBottom: 0 }}
          >
            {enterpriseId ? <PhotoField enterpriseId={enterpriseId} testId="demand-attach" /> : <span />}
          </Form.Item>
        </Card>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          icon={<SendOutlined />}
          loading={create.isPending}
          style={{ marginTop: 16 }}
          data-testid="demand-submit"
        >
          {t('demand.form.submit')}
        </Button>
      </Form>
    </div>
  );
}
