import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, isApiError } from '../../api/client';
import { SKEYS, useResponsibility } from '../../api/safety';
import type { ResponsibilityInput, ResponsibilityView } from '../../api/types';
import { useMe } from '../../auth';
import { DepartmentSelect } from '../../components/ReferenceSelects';
import { formErrorBanner } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testId';

/** The four levels of responsibility (四级责任) of an enterprise, on its page; editable by those allowed. */
export function ResponsibilityCard({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const { data: r, isLoading, error } = useResponsibility(enterpriseId);
  const [editing, setEditing] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();
  // Opened from the list of incomplete matrices (#responsibility): bring the card into view.
  useEffect(() => {
    if (hash === '#responsibility' && r) ref.current?.scrollIntoView({ block: 'start' });
  }, [hash, r]);
  if (error) return null;
  const person = (name: string, phone: string, extra?: string) =>
    name ? [name, extra, phone].filter(Boolean).join(' · ') : '—';
  return (
    <Card
      ref={ref}
      id="responsibility"
      variant="borderless"
      loading={isLoading}
      data-testid="responsibility-card"
      title={
        <Flex gap={8} align="center" wrap>
          {t('responsibility.title')}
          {r &&
            (r.complete ? (
              <Tag color="success">{t('responsibility.complete')}</Tag>
            ) : (
              <Tag color="warning">
                {t('responsibility.incomplete', {
                  levels: r.missing.map((m) => t(`responsibility.levels.${m}`)).join('、'),
                })}
              </Tag>
            ))}
        </Flex>
      }
      extra={
        r?.abilities.includes('responsibility.update') && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="responsibility-edit">
            {t('common.edit')}
          </Button>
        )
      }
    >
      {r && (
        <Flex vertical gap={12}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={[
              {
                key: 'territorial',
                label: t('responsibility.territorial'),
                children: person(r.districtContact.name, r.districtContact.phone, r.divisionName),
              },
              {
                key: 'principal',
                label: t('responsibility.principal'),
                children: person(r.principal.name, r.principal.phone, r.principal.title),
              },
              {
                key: 'departmental',
                label: t('responsibility.departmental'),
                children: r.department.name ? person(r.department.contactName, '', r.department.name) : '—',
              },
              {
                key: 'updated',
                label: t('hazard.fields.updatedAt'),
                children: formatDateTime(r.updatedAt),
              },
            ]}
          />
          <Typography.Text strong>{t('responsibility.post')}</Typography.Text>
          {r.posts.length ? (
            <Table
              size="small"
              rowKey={(p) => `${p.post}-${p.person}`}
              pagination={false}
              dataSource={r.posts}
              columns={[
                { title: t('responsibility.postName'), dataIndex: 'post' },
                { title: t('responsibility.person'), dataIndex: 'person' },
                { title: t('responsibility.phone'), dataIndex: 'phone', render: (v: string) => v || '—' },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('responsibility.noPosts')}</Typography.Text>
          )}
        </Flex>
      )}
      {editing && r && <ResponsibilityModal r={r} onClose={() => setEditing(false)} />}
    </Card>
  );
}

type FormValues = Omit<ResponsibilityInput, 'version'>;
const FIELDS = ['districtContact', 'principal', 'departmentCode', 'departmentContactName', 'posts'] as const;

function ResponsibilityModal({ r, onClose }: { r: ResponsibilityView; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [problem, setProblem] = useState<string | null>(null);
  // An enterprise account names only its principal and posts.
  const ownOnly = me.role === 'enterprise';
  const mutation = useMutation({
    mutationFn: (v: FormValues) =>
      api.put<ResponsibilityView>(`/api/enterprises/${r.enterpriseId}/responsibility`, {
        ...v,
        departmentCode: v.departmentCode ?? null,
        posts: v.posts ?? [],
        version: r.version,
      }),
    onSuccess: (saved) => {
      qc.setQueryData(SKEYS.responsibility(r.enterpriseId), saved);
      void qc.invalidateQueries({ queryKey: SKEYS.incomplete });
      message.success(t('responsibility.saved'));
      onClose();
    },
    onError: (err) => {
      if (isApiError(err, 'stale_version')) {
        setProblem(t('responsibility.stale'));
        void qc.invalidateQueries({ queryKey: SKEYS.responsibility(r.enterpriseId) });
        return;
      }
      setProblem(formErrorBanner(form, err, FIELDS));
    },
  });
  return (
    <Modal
      open
      width={640}
      title={t('responsibility.title')}
      okText={t('common.save')}
      okButtonProps={{ loading: mutation.isPending, ...testId('responsibility-save') }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          districtContact: { name: r.districtContact.name, phone: r.districtContact.phone },
          principal: { name: r.principal.name, title: r.principal.title, phone: r.principal.phone },
          departmentCode: r.department.code ?? r.department.suggestedCode,
          departmentContactName: r.department.contactName,
          posts: r.posts,
        }}
        onFinish={(v) => {
          setProblem(null);
          mutation.mutate(v);
        }}
      >
        <Typography.Text strong>{t('responsibility.territorial')}</Typography.Text>
        <Flex gap={8}>
          <Form.Item name={['districtContact', 'name']} label={t('responsibility.name')} style={{ flex: 1 }}>
            <Input maxLength={50} disabled={ownOnly} />
          </Form.Item>
          <Form.Item
            name={['districtContact', 'phone']}
            label={t('responsibility.phone')}
            style={{ flex: 1 }}
          >
            <Input maxLength={20} disabled={ownOnly} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('responsibility.principal')}</Typography.Text>
        <Flex gap={8} wrap>
          <Form.Item
            name={['principal', 'name']}
            label={t('responsibility.name')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name={['principal', 'title']}
            label={t('responsibility.titleField')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name={['principal', 'phone']}
            label={t('responsibility.phone')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Input maxLength={20} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('responsibility.departmental')}</Typography.Text>
        <Flex gap={8} wrap>
          <Form.Item
            name="departmentCode"
            label={t('responsibility.department')}
            style={{ flex: 1, minWidth: 200 }}
          >
            <DepartmentSelect allowClear disabled={ownOnly} />
          </Form.Item>
          <Form.Item
            name="departmentContactName"
            label={t('responsibility.contact')}
            style={{ flex: 1, minWidth: 140 }}
          >
            <Input maxLength={50} disabled={ownOnly} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('responsibility.posts')}</Typography.Text>
        <Form.List name="posts">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="start">
                  <Form.Item
                    name={[f.name, 'post']}
                    rules={[{ required: true, whitespace: true, message: t('responsibility.postName') }]}
                    style={{ flex: 1, marginBottom: 8 }}
                  >
                    <Input placeholder={t('responsibility.postName')} maxLength={50} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'person']}
                    rules={[{ required: true, whitespace: true, message: t('responsibility.person') }]}
                    style={{ flex: 1, marginBottom: 8 }}
                  >
                    <Input placeholder={t('responsibility.person')} maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} style={{ flex: 1, marginBottom: 8 }}>
                    <Input placeholder={t('responsibility.phone')} maxLength={20} />
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                disabled={fields.length >= 100}
              >
                {t('responsibility.addPost')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
