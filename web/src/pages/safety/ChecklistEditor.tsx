import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
  RollbackOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  List,
  Radio,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  HAZARD_CATEGORY_LABELS,
  HAZARD_LINE_LABELS,
  HAZARD_LINES,
  HAZARD_SEVERITIES,
  HAZARD_SEVERITY_LABELS,
  type HazardCategory,
  type HazardLine,
  type HazardSeverity,
} from '../../../../shared/enums';
import { categoriesOfLine } from '../../../../shared/hazards';
import { api, isApiError } from '../../api/client';
import { SKEYS, useChecklist, useChecklistVersions } from '../../api/safety';
import type { ChecklistView } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { FormBanner } from '../../components/FormBanner';
import { PageHeader, ScrollX } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

interface ItemValues {
  label: string;
  labelEn: string;
  category?: HazardCategory;
  defaultSeverity: HazardSeverity;
}

interface FormValues {
  line: HazardLine;
  name: string;
  nameEn: string;
  description?: string;
  items: ItemValues[];
}

const FIELDS = ['line', 'name', 'nameEn', 'description', 'items'] as const;
const EMPTY_ITEM: ItemValues = { label: '', labelEn: '', defaultSeverity: 'general' };

/**
 * /checklists/new and /checklists/:id — a checklist template. The commander edits the current
 * version (saving publishes the next version; inspections keep the version they used); everyone
 * else, and any retired version, reads it.
 */
export default function ChecklistEditor() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { name } = useLocale();
  const { data, error, isLoading, refetch } = useChecklist(id);
  if (id && isLoading) return <PageSpinner />;
  if (id && (error || !data)) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const editable = can('checklist.manage') && (!data || data.current);
  return (
    <div data-testid="checklist-editor" style={{ maxWidth: 1000 }}>
      <PageHeader
        title={
          data ? t('checklist.titleOf', { name: name(data), version: data.version }) : t('checklist.create')
        }
        extra={
          <Button icon={<RollbackOutlined />} onClick={() => navigate('/checklists')}>
            {t('common.backToList')}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        {data && !data.current && (
          <Alert type="info" showIcon title={t('checklist.retiredHint')} data-testid="checklist-retired" />
        )}
        {editable ? (
          <ChecklistForm key={data?.id ?? 'new'} template={data} />
        ) : (
          data && <ChecklistReadOnly template={data} />
        )}
        {data && <Versions template={data} />}
      </Flex>
    </div>
  );
}

function ChecklistReadOnly({ template: c }: { template: ChecklistView }) {
  const { t } = useTranslation();
  const { label, name } = useLocale();
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center" wrap>
          {name(c)}
          <StatusTag value={c.line} labels={HAZARD_LINE_LABELS} />
        </Flex>
      }
    >
      {c.description && <Typography.Paragraph>{c.description}</Typography.Paragraph>}
      <ScrollX minWidth={640}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.items}
          data-testid="checklist-items"
          columns={[
            { title: '#', dataIndex: 'seq', width: 50 },
            {
              title: t('checklist.fields.item'),
              key: 'label',
              render: (_, i) => name({ name: i.label, nameEn: i.labelEn }),
            },
            {
              title: t('hazard.fields.category'),
              dataIndex: 'category',
              width: 160,
              render: (v: string) => label(HAZARD_CATEGORY_LABELS[v as HazardCategory], v),
            },
            {
              title: t('checklist.fields.defaultSeverity'),
              dataIndex: 'defaultSeverity',
              width: 120,
              render: (v: HazardSeverity) => (
                <StatusTag
                  value={v}
                  labels={HAZARD_SEVERITY_LABELS}
                  colors={{ general: 'gold', major: 'volcano' }}
                />
              ),
            },
          ]}
        />
      </ScrollX>
    </Card>
  );
}

/** The other versions of the same template, newest first. */
function Versions({ template }: { template: ChecklistView }) {
  const { t } = useTranslation();
  const { data } = useChecklistVersions();
  const family = (data?.items ?? []).filter((c) => c.family === template.family);
  if (family.length < 2) return null;
  return (
    <Card variant="borderless" size="small" title={t('checklist.versions')}>
      <List
        size="small"
        dataSource={family}
        renderItem={(c) => (
          <List.Item>
            <Flex gap={8} align="center" wrap>
              {c.id === template.id ? (
                <strong>v{c.version}</strong>
              ) : (
                <Link to={`/checklists/${c.id}`}>v{c.version}</Link>
              )}
              {c.current ? (
                <Tag color="success">{t('checklist.current')}</Tag>
              ) : (
                <Tag>{t('checklist.retired')}</Tag>
              )}
              <Typography.Text type="secondary">
                {formatDateTime(c.createdAt)} · {t('inspection.itemCount', { count: c.items.length })}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

function ChecklistForm({ template }: { template?: ChecklistView }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const line = Form.useWatch('line', form) ?? template?.line ?? 'safety';

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body = {
        name: v.name.trim(),
        nameEn: v.nameEn.trim(),
        description: v.description?.trim() ?? '',
        items: v.items.map((i) => ({
          label: i.label.trim(),
          labelEn: i.labelEn.trim(),
          category: i.category!,
          defaultSeverity: i.defaultSeverity,
        })),
      };
      return template
        ? api.put<ChecklistView>(`/api/checklists/${template.id}`, { ...body, version: template.version })
        : api.post<ChecklistView>('/api/checklists', { ...body, line: v.line });
    },
    onSuccess: (saved) => {
      qc.setQueryData(SKEYS.checklist(saved.id), saved);
      void qc.invalidateQueries({ queryKey: SKEYS.checklists });
      void qc.invalidateQueries({ queryKey: SKEYS.campaigns });
      navigate(`/checklists/${saved.id}`, { replace: !!template });
    },
    onError: (err) => {
      if (isApiError(err, 'stale_version')) {
        setBanner(t('checklist.stale'));
        void qc.invalidateQueries({ queryKey: SKEYS.checklists });
        return;
      }
      // Item problems come as items.3.category: say which item.
      setBanner(formErrorBanner(form, err, FIELDS));
    },
  });

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={
        template
          ? {
              line: template.line,
              name: template.name,
              nameEn: template.nameEn,
              description: template.description,
              items: template.items.map((i) => ({
                label: i.label,
                labelEn: i.labelEn,
                category: i.category as HazardCategory,
                defaultSeverity: i.defaultSeverity,
              })),
            }
          : { line: 'safety', items: [{ ...EMPTY_ITEM }] }
      }
      onValuesChange={(changed: Partial<FormValues>) => {
        // Categories of the other line would be refused: clear them when the line changes.
        if (!changed.line) return;
        const allowed = categoriesOfLine(changed.line);
        const items = (form.getFieldValue('items') as ItemValues[]).map((i) =>
          i.category && !allowed.includes(i.category) ? { ...i, category: undefined } : i,
        );
        form.setFieldValue('items', items);
      }}
      onFinish={(v) => {
        setBanner(null);
        save.mutate(v);
      }}
    >
      <FormBanner text={banner} testId="checklist-problem" />
      <Flex vertical gap={16}>
        <Card variant="borderless">
          {template && (
            <Typography.Paragraph type="secondary">
              {t('checklist.versionHint', { version: template.version, next: template.version + 1 })}
            </Typography.Paragraph>
          )}
          <Form.Item name="line" label={t('hazard.fields.line')}>
            <Radio.Group
              disabled={!!template}
              optionType="button"
              buttonStyle="solid"
              options={HAZARD_LINES.map((l) => ({ value: l, label: label(HAZARD_LINE_LABELS[l]) }))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t('checklist.fields.name')}
                rules={[
                  { required: true, whitespace: true, message: t('checklist.nameRequired') },
                  { min: 2, max: 100, message: t('validation.length', { min: 2, max: 100 }) },
                ]}
              >
                <Input maxLength={100} data-testid="checklist-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="nameEn"
                label={t('checklist.fields.nameEn')}
                rules={[
                  { required: true, whitespace: true, message: t('checklist.nameRequired') },
                  { min: 2, max: 200, message: t('validation.length', { min: 2, max: 200 }) },
                ]}
              >
                <Input maxLength={200} data-testid="checklist-name-en" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('checklist.fields.description')} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
        </Card>
        <Form.List
          name="items"
          rules={[
            {
              validator: async (_, items: ItemValues[] | undefined) => {
                if (!items?.length) throw new Error(t('checklist.needItem'));
              },
            },
          ]}
        >
          {(fields, { add, remove, move }, { errors }) => (
            <Card variant="borderless" title={t('checklist.itemsTitle', { count: fields.length })}>
              <Flex vertical gap={12}>
                {fields.map((field, k) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    data-testid={`checklist-item-${k}`}
                    title={`${k + 1}.`}
                    extra={
                      <Flex gap={4}>
                        <Button
                          size="small"
                          icon={<ArrowUpOutlined />}
                          disabled={k === 0}
                          onClick={() => move(k, k - 1)}
                          aria-label={t('checklist.moveUp')}
                        />
                        <Button
                          size="small"
                          icon={<ArrowDownOutlined />}
                          disabled={k === fields.length - 1}
                          onClick={() => move(k, k + 1)}
                          aria-label={t('checklist.moveDown')}
                        />
                        <Button
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          disabled={fields.length === 1}
                          onClick={() => remove(k)}
                          aria-label={t('checklist.removeItem')}
                          data-testid={`checklist-item-${k}-remove`}
                        />
                      </Flex>
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={24} md={12}>
                        <Form.Item
                          name={[field.name, 'label']}
                          label={t('checklist.fields.item')}
                          rules={[
                            { required: true, whitespace: true, message: t('checklist.itemRequired') },
                            { min: 2, max: 200, message: t('validation.length', { min: 2, max: 200 }) },
                          ]}
                        >
                          <Input.TextArea
                            autoSize
                            maxLength={200}
                            data-testid={`checklist-item-${k}-label`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item
                          name={[field.name, 'labelEn']}
                          label={t('checklist.fields.itemEn')}
                          rules={[
                            { required: true, whitespace: true, message: t('checklist.itemRequired') },
                            { min: 2, max: 300, message: t('validation.length', { min: 2, max: 300 }) },
                          ]}
                        >
                          <Input.TextArea
                            autoSize
                            maxLength={300}
                            data-testid={`checklist-item-${k}-label-en`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item
                          name={[field.name, 'category']}
                          label={t('hazard.fields.category')}
                          rules={[{ required: true, message: t('hazardForm.pickCategory') }]}
                          style={{ marginBottom: 0 }}
                        >
                          <Select<HazardCategory>
                            placeholder={t('hazardForm.pickCategory')}
                            options={categoriesOfLine(line).map((c) => ({
                              value: c,
                              label: label(HAZARD_CATEGORY_LABELS[c]),
                            }))}
                            data-testid={`checklist-item-${k}-category`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item
                          name={[field.name, 'defaultSeverity']}
                          label={t('checklist.fields.defaultSeverity')}
                          style={{ marginBottom: 0 }}
                        >
                          <Radio.Group
                            options={HAZARD_SEVERITIES.map((s) => ({
                              value: s,
                              label: label(HAZARD_SEVERITY_LABELS[s]),
                            }))}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ ...EMPTY_ITEM })}
                  disabled={fields.length >= 100}
                  data-testid="checklist-add-item"
                >
                  {t('checklist.addItem')}
                </Button>
              </Flex>
            </Card>
          )}
        </Form.List>
        <Flex justify="flex-end">
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={save.isPending}
            data-testid="checklist-save"
          >
            {template ? t('checklist.publish', { next: template.version + 1 }) : t('checklist.saveNew')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
