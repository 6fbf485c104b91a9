import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { HAZARD_LINE_LABELS } from '../../../../shared/enums';
import { api } from '../../api/client';
import { SKEYS, useChecklists } from '../../api/safety';
import type { InspectionView } from '../../api/types';
import { EnterpriseSelect, useEnterprisePicker } from '../../components/EnterpriseSelect';
import { FormBanner } from '../../components/FormBanner';
import { PageHeader } from '../../components/ListPage';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';

interface FormValues {
  enterpriseId?: number;
  templateId?: number;
}

/**
 * /inspections/new?enterpriseId=&templateId= — pick an enterprise in scope and a checklist, then
 * inspect (a campaign's page links here with its checklist chosen).
 */
export default function InspectionStart() {
  const { t } = useTranslation();
  const { label, name } = useLocale();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const checklists = useChecklists();
  const preset = Number(params.get('enterpriseId')) || undefined;
  const presetName = params.get('enterpriseName');
  const presetTemplate = Number(params.get('templateId')) || undefined;
  const picker = useEnterprisePicker({
    preset: preset && presetName ? { value: preset, label: presetName, desc: '' } : undefined,
  });

  const start = useMutation({
    mutationFn: (v: FormValues) =>
      api.post<InspectionView>('/api/inspections', {
        enterpriseId: v.enterpriseId!,
        templateId: v.templateId!,
      }),
    onSuccess: (created) => {
      qc.setQueryData(SKEYS.inspection(created.id), created);
      void qc.invalidateQueries({ queryKey: SKEYS.inspections });
      navigate(`/inspections/${created.id}`);
    },
    onError: (err) => setBanner(formErrorBanner(form, err, ['enterpriseId', 'templateId'])),
  });

  return (
    <div data-testid="inspection-start" style={{ maxWidth: 640 }}>
      <PageHeader title={t('inspection.startTitle')} />
      <FormBanner text={banner} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ enterpriseId: preset, templateId: presetTemplate }}
        onFinish={(v) => {
          setBanner(null);
          start.mutate(v);
        }}
      >
        <Card variant="borderless">
          <Form.Item
            name="enterpriseId"
            label={t('inspection.enterprise')}
            rules={[{ required: true, message: t('inspection.pickEnterprise') }]}
          >
            <EnterpriseSelect picker={picker} data-testid="inspection-enterprise" />
          </Form.Item>
          <Form.Item
            name="templateId"
            label={t('inspection.template')}
            rules={[{ required: true, message: t('inspection.pickTemplate') }]}
            style={{ marginBottom: 0 }}
          >
            <Radio.Group style={{ width: '100%' }} data-testid="inspection-template">
              <Flex vertical gap={8}>
                {(checklists.data?.items ?? []).map((c) => (
                  <Radio key={c.id} value={c.id} data-testid={`template-${c.line}`}>
                    <Flex vertical>
                      <span>{name(c)}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {label(HAZARD_LINE_LABELS[c.line])} · v{c.version} ·{' '}
                        {t('inspection.itemCount', { count: c.items.length })}
                      </Typography.Text>
                    </Flex>
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>
        </Card>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          icon={<PlayCircleOutlined />}
          loading={start.isPending}
          style={{ marginTop: 16 }}
          data-testid="inspection-begin"
        >
          {t('inspection.begin')}
        </Button>
      </Form>
    </div>
  );
}
