import { MinusCircleOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useIssueDirective } from '../../../api/report-oversight';
import { useMe } from '../../../auth';
import { PageHeader } from '../../../components/ListPage';
import { DistrictSelect } from '../../../components/ReferenceSelects';
import { applyServerErrors } from '../../../lib/errors';

interface Values {
  title: string;
  body: string;
  actions: { label: string; labelEn?: string }[];
  divisions?: string[];
  resumedOnly?: boolean;
  dueDate: Dayjs;
}

const FIELDS = ['title', 'body', 'actions', 'dueDate'] as const;

/** /directives/new — the commander issues a directive: text, required actions, whom it binds, due date. */
export default function DirectiveIssue() {
  const { t } = useTranslation();
  const me = useMe();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const issue = useIssueDirective();
  const [banner, setBanner] = useState<string[]>([]);

  const submit = async (v: Values) => {
    setBanner([]);
    try {
      const created = await issue.mutateAsync({
        title: v.title,
        body: v.body,
        actions: v.actions.map((a, i) => ({
          key: `action${i + 1}`,
          label: a.label,
          ...(a.labelEn ? { labelEn: a.labelEn } : {}),
        })),
        target: {
          ...(v.divisions?.length ? { divisions: v.divisions } : {}),
          ...(v.resumedOnly ? { resumedOnly: true } : {}),
        },
        dueDate: v.dueDate.format('YYYY-MM-DD'),
      });
      message.success(t('directive.issued', { count: created.targetCount }));
      nav(`/directives/${created.id}`);
    } catch (e) {
      setBanner(applyServerErrors(form, e, FIELDS));
    }
  };

  return (
    <div>
      <PageHeader
        title={t('directive.issueTitle')}
        extra={
          <Link to="/directives">
            <Button icon={<RollbackOutlined />}>{t('common.backToList')}</Button>
          </Link>
        }
      />
      <Card variant="borderless">
        {banner.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={banner.join('；')} />
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 760 }}
          initialValues={{
            actions: [{ label: '' }],
            dueDate: dayjs(me.today).add(3, 'day'),
            resumedOnly: true,
          }}
          onFinish={(v) => void submit(v)}
          data-testid="directive-form"
        >
          <Form.Item name="title" label={t('directive.title')} rules={[{ required: true, min: 2, max: 200 }]}>
            <Input placeholder={t('directive.titlePlaceholder')} maxLength={200} />
          </Form.Item>
          <Form.Item name="body" label={t('directive.body')} rules={[{ required: true, max: 20000 }]}>
            <Input.TextArea rows={8} />
          </Form.Item>
          <Form.Item label={t('directive.requiredActions')} required>
            <Form.List
              name="actions"
              rules={[
                {
                  validator: async (_, list: unknown[]) => {
                    if (!list || list.length < 1) throw new Error(t('directive.actionsRequired'));
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <Flex vertical gap={8}>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="start" wrap>
                      <Form.Item
                        name={[field.name, 'label']}
                        rules={[
                          { required: true, whitespace: true, message: t('directive.actionLabelRequired') },
                        ]}
                        style={{ marginBottom: 0 }}
                      >
                        <Input
                          placeholder={t('directive.actionLabel', { n: i + 1 })}
                          style={{ width: 320 }}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'labelEn']} style={{ marginBottom: 0 }}>
                        <Input placeholder={t('directive.actionLabelEn')} style={{ width: 260 }} />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Button
                          type="text"
                          icon={<MinusCircleOutlined />}
                          aria-label={t('directive.removeAction')}
                          onClick={() => remove(field.name)}
                        />
                      )}
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ label: '' })}
                    disabled={fields.length >= 30}
                    style={{ width: 200 }}
                  >
                    {t('directive.addAction')}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </Flex>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item
            name="divisions"
            label={t('directive.targetDivisions')}
            extra={t('directive.targetHint')}
          >
            <DistrictSelect mode="multiple" allowClear data-testid="directive-divisions" />
          </Form.Item>
          <Form.Item name="resumedOnly" valuePropName="checked">
            <Checkbox>{t('directive.resumedOnly')}</Checkbox>
          </Form.Item>
          <Form.Item name="dueDate" label={t('directive.dueDate')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(me.today), 'day')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={issue.isPending} data-testid="directive-submit">
            {t('directive.issue')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
