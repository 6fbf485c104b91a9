import { SendOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Radio, Typography } from 'antd';
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
import { useEnterpriseById } from '../../api/safety';
import type { DemandDetail } from '../../api/types';
import { useMe } from '../../auth';
import { EnterpriseSelect, useEnterprisePicker } from '../../components/EnterpriseSelect';
import { FormBanner } from '../../components/FormBanner';
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
  const own = me.role === 'enterprise' ? (me.enterpriseId ?? undefined) : undefined;
  const preset = own ?? (Number(params.get('enterpriseId')) || undefined);
  const presetEnterprise = useEnterpriseById(preset, 5 * 60_000);
  const picker = useEnterprisePicker({
    enabled: !own,
    preset: presetEnterprise.data && {
      value: presetEnterprise.data.id,
      label: presetEnterprise.data.name,
      desc: presetEnterprise.data.divisionName,
    },
  });
  const enterpriseId = Form.useWatch('enterpriseId', form) ?? preset;

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
      <FormBanner text={banner} testId="demand-form-error" />
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
              <EnterpriseSelect
                picker={picker}
                wrapNames
                placeholder={t('demand.form.pickEnterprise')}
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
