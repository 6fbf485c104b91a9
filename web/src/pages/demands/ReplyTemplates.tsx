import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMAND_CATEGORIES, DEMAND_CATEGORY_LABELS, type DemandCategory } from '../../../../shared/demands';
import { api, isApiError } from '../../api/client';
import { DKEYS, useDemandTemplates } from '../../api/demands';
import type { DemandTemplateView } from '../../api/types';
import { useMe } from '../../auth';
import { EnumSelect } from '../../components/EnumSelect';
import { ListPage, ScrollX } from '../../components/ListPage';
import { QueryGate } from '../../components/PagedTable';
import { DepartmentSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { errorMessage, formErrorBanner } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testId';
import { useUrlState } from '../../lib/useUrlState';

interface Values {
  departmentCode?: string;
  category?: DemandCategory | null;
  title?: string;
  body?: string;
}

/**
 * /demands/templates — a department's reply templates (答复模板): standard accounts of what was
 * done, picked when resolving a demand. HQ manages every department's.
 */
export default function ReplyTemplates() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const commander = me.role === 'commander';
  const { values: f, update } = useUrlState(['departmentCode', 'category'] as const);
  const list = useDemandTemplates({ departmentCode: f.departmentCode, category: f.category });
  const [editing, setEditing] = useState<DemandTemplateView | 'new' | null>(null);

  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/demands/templates/${id}`),
    onSuccess: () => {
      message.success(t('demand.templates.deleted'));
      void qc.invalidateQueries({ queryKey: DKEYS.templates });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  return (
    <ListPage
      title={t('demand.templates.title')}
      actions={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="template-add"
        >
          {t('demand.templates.add')}
        </Button>
      }
      filters={
        <>
          {commander && (
            <DepartmentSelect
              allowClear
              value={f.departmentCode}
              onChange={(v) => update({ departmentCode: v })}
              style={{ width: 220 }}
            />
          )}
          <EnumSelect
            values={DEMAND_CATEGORIES}
            labels={DEMAND_CATEGORY_LABELS}
            placeholder={t('demand.fields.category')}
            value={f.category}
            onChange={(v) => update({ category: v })}
            style={{ width: 180 }}
          />
        </>
      }
    >
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('demand.templates.hint')}
      </Typography.Paragraph>
      <QueryGate query={list}>
        {(items) => (
          <ScrollX minWidth={760}>
            <Table<DemandTemplateView>
              rowKey="id"
              size="small"
              dataSource={items}
              pagination={false}
              data-testid="template-table"
              locale={{ emptyText: t('demand.templates.empty') }}
              columns={[
                { title: t('demand.templates.name'), dataIndex: 'title', width: 200 },
                {
                  title: t('demand.fields.category'),
                  dataIndex: 'category',
                  width: 150,
                  render: (v: DemandCategory | null) =>
                    v ? label(DEMAND_CATEGORY_LABELS[v]) : t('demand.templates.anyCategory'),
                },
                ...(commander
                  ? [{ title: t('demand.fields.department'), dataIndex: 'departmentName', width: 180 }]
                  : []),
                { title: t('demand.templates.body'), dataIndex: 'body', ellipsis: true },
                {
                  title: t('demand.fields.updatedAt'),
                  dataIndex: 'updatedAt',
                  width: 160,
                  render: (v: string) => formatDateTime(v),
                },
                {
                  title: t('common.actions'),
                  width: 110,
                  render: (_, tpl) => (
                    <Flex gap={4}>
                      <Button
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t('common.edit')}
                        onClick={() => setEditing(tpl)}
                      />
                      <Popconfirm
                        title={t('demand.templates.confirmDelete', { title: tpl.title })}
                        onConfirm={() => remove.mutate(tpl.id)}
                      >
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('demand.templates.delete')}
                        />
                      </Popconfirm>
                    </Flex>
                  ),
                },
              ]}
            />
          </ScrollX>
        )}
      </QueryGate>
      {editing && (
        <TemplateModal
          template={editing === 'new' ? null : editing}
          commander={commander}
          onClose={() => setEditing(null)}
        />
      )}
    </ListPage>
  );
}

function TemplateModal({
  template,
  commander,
  onClose,
}: {
  template: DemandTemplateView | null;
  commander: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) =>
      template
        ? api.put(`/api/demands/templates/${template.id}`, {
            category: v.category ?? null,
            title: v.title?.trim(),
            body: v.body?.trim(),
            version: template.version,
          })
        : api.post('/api/demands/templates', {
            departmentCode: commander ? v.departmentCode : undefined,
            category: v.category ?? null,
            title: v.title?.trim(),
            body: v.body?.trim(),
          }),
    onSuccess: () => {
      message.success(t('demand.templates.saved'));
      void qc.invalidateQueries({ queryKey: DKEYS.templates });
      onClose();
    },
    onError: (err) => {
      if (isApiError(err) && err.status === 409) {
        setBanner(t('demand.conflict.version'));
        void qc.invalidateQueries({ queryKey: DKEYS.templates });
        return;
      }
      setBanner(formErrorBanner(form, err, ['departmentCode', 'category', 'title', 'body']));
    },
  });
  return (
    <Modal
      open
      title={template ? t('demand.templates.edit') : t('demand.templates.add')}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, ...testId('template-save') }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          template ? { category: template.category, title: template.title, body: template.body } : undefined
        }
        onFinish={(v) => {
          setBanner(null);
          save.mutate(v);
        }}
      >
        {commander && !template && (
          <Form.Item
            name="departmentCode"
            label={t('demand.fields.department')}
            rules={[{ required: true, message: t('demand.transfer.departmentRequired') }]}
          >
            <DepartmentSelect />
          </Form.Item>
        )}
        <Form.Item
          name="category"
          label={t('demand.fields.category')}
          extra={t('demand.templates.categoryHint')}
        >
          <Select<DemandCategory>
            allowClear
            placeholder={t('demand.templates.anyCategory')}
            options={DEMAND_CATEGORIES.map((c) => ({ value: c, label: label(DEMAND_CATEGORY_LABELS[c]) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('demand.templates.name')}
          rules={[
            { required: true, whitespace: true, message: t('demand.templates.nameRequired') },
            { max: 100, message: t('validation.max', { max: 100 }) },
          ]}
        >
          <Input maxLength={100} data-testid="template-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('demand.templates.body')}
          rules={[
            { required: true, whitespace: true, message: t('demand.templates.bodyRequired') },
            { max: 2000, message: t('validation.max', { max: 2000 }) },
          ]}
        >
          <Input.TextArea rows={6} maxLength={2000} showCount data-testid="template-body" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
