import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Checkbox,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CITY_CODE } from '../../../../shared/data/divisions';
import { SUPERVISION_LINE_LABELS, SUPERVISION_LINES, type SupervisionLine } from '../../../../shared/enums';
import { api, isApiError } from '../../api/client';
import { SKEYS, useSupervisionGroups, useSupervisorCandidates } from '../../api/safety';
import type {
  SquadView,
  SupervisionAssignmentView,
  SupervisionGroupView,
  SupervisionMemberView,
} from '../../api/types';
import { EnterpriseSelect, useEnterprisePicker } from '../../components/EnterpriseSelect';
import { DepartmentSelect, DistrictSelect, TownSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';
import { testId } from '../../lib/testId';

/** The unit a member or an assignment belongs to. */
export type Unit = { kind: 'group'; id: number } | { kind: 'squad'; id: number };

const unitField = (u: Unit) => (u.kind === 'group' ? { groupId: u.id } : { squadId: u.id });

/** Every change to units reshapes who sees what: refresh units, candidates and enterprise lists. */
function useInvalidate() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: SKEYS.supervision });
    void qc.invalidateQueries({ queryKey: ['enterprises'] });
  };
}

/** The usual department of each line's members (the commander can pick another). */
const LINE_DEPARTMENT: Record<SupervisionLine, string> = {
  industry: 'industry',
  health: 'health',
  emergency: 'emergency',
};

function useSave<T, V>(
  form: FormInstance<V>,
  fields: readonly string[],
  send: (v: V) => Promise<T>,
  done: (saved: T) => void,
) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const invalidate = useInvalidate();
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: (saved) => {
      invalidate();
      done(saved);
    },
    onError: (err) => {
      if (isApiError(err, 'stale_version')) {
        setProblem(t('supervision.stale'));
        invalidate();
        return;
      }
      setProblem(formErrorBanner(form, err, fields));
    },
  });
  return { mutation, problem, setProblem };
}

/** The modal every unit form shares: a save button, the problem banner and a vertical form. */
function SaveModal<V>({
  title,
  okText,
  saveTestId,
  form,
  save,
  initialValues,
  onValuesChange,
  onClose,
  children,
}: {
  title: string;
  okText: string;
  saveTestId: string;
  form: FormInstance<V>;
  save: {
    mutation: { isPending: boolean; mutate: (v: V) => void };
    problem: string | null;
    setProblem: (p: null) => void;
  };
  initialValues: Partial<V>;
  onValuesChange?: (changed: Partial<V>) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={{ loading: save.mutation.isPending, ...testId(saveTestId) }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.problem && <Alert type="error" showIcon title={save.problem} style={{ marginBottom: 12 }} />}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={(v) => {
          save.setProblem(null);
          save.mutation.mutate(v);
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** A unit's code (fixed once created) and name; test ids `<prefix>-code`, `<prefix>-name`. */
function CodeNameFields({
  editing,
  testIdPrefix,
  last,
}: {
  editing: boolean;
  testIdPrefix: string;
  last?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="code"
        label={t('supervision.fields.code')}
        rules={[{ required: true, whitespace: true, message: t('supervision.codeRequired') }]}
      >
        <Input maxLength={20} disabled={editing} data-testid={`${testIdPrefix}-code`} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('supervision.fields.name')}
        rules={[
          { required: true, whitespace: true, message: t('supervision.nameRequired') },
          { min: 2, max: 50, message: t('validation.length', { min: 2, max: 50 }) },
        ]}
        style={last ? { marginBottom: 0 } : undefined}
      >
        <Input maxLength={50} data-testid={`${testIdPrefix}-name`} />
      </Form.Item>
    </>
  );
}

interface GroupValues {
  code: string;
  name: string;
  nameEn?: string;
  sort?: number;
}

/** Create a supervision group, or rename / reorder one. */
export function GroupModal({ group, onClose }: { group?: SupervisionGroupView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GroupValues>();
  const save = useSave(
    form,
    ['code', 'name', 'nameEn', 'sort'],
    (v: GroupValues) =>
      group
        ? api.patch<SupervisionGroupView>(`/api/supervision/groups/${group.id}`, {
            version: group.version,
            name: v.name.trim(),
            nameEn: v.nameEn?.trim() ?? '',
            sort: v.sort ?? 0,
          })
        : api.post<SupervisionGroupView>('/api/supervision/groups', {
            code: v.code.trim(),
            name: v.name.trim(),
            nameEn: v.nameEn?.trim() || undefined,
            sort: v.sort ?? undefined,
          }),
    () => {
      message.success(t('supervision.saved'));
      onClose();
    },
  );
  return (
    <SaveModal<GroupValues>
      title={group ? t('supervision.editGroup') : t('supervision.newGroup')}
      okText={t('common.save')}
      saveTestId="group-save"
      form={form}
      save={save}
      initialValues={
        group ? { code: group.code, name: group.name, nameEn: group.nameEn, sort: group.sort } : {}
      }
      onClose={onClose}
    >
      <CodeNameFields editing={!!group} testIdPrefix="group" />
      <Form.Item name="nameEn" label={t('supervision.fields.nameEn')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="sort" label={t('supervision.fields.sort')} style={{ marginBottom: 0 }}>
        <InputNumber min={0} max={1000} precision={0} />
      </Form.Item>
    </SaveModal>
  );
}

interface SquadValues {
  groupId?: number;
  code: string;
  name: string;
}

/** Create a squad in a group, or rename one / move it to another group. */
export function SquadModal({
  squad,
  groupId,
  onClose,
  onCreated,
}: {
  squad?: SquadView;
  groupId?: number;
  onClose: () => void;
  onCreated?: (s: SquadView) => void;
}) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { message } = App.useApp();
  const groups = useSupervisionGroups();
  const [form] = Form.useForm<SquadValues>();
  const save = useSave(
    form,
    ['groupId', 'code', 'name'],
    (v: SquadValues) =>
      squad
        ? api.patch<SquadView>(`/api/supervision/squads/${squad.id}`, {
            version: squad.version,
            name: v.name.trim(),
            groupId: v.groupId,
          })
        : api.post<SquadView>('/api/supervision/squads', {
            groupId: v.groupId!,
            code: v.code.trim(),
            name: v.name.trim(),
          }),
    (saved) => {
      message.success(t('supervision.saved'));
      onClose();
      if (!squad) onCreated?.(saved);
    },
  );
  return (
    <SaveModal<SquadValues>
      title={squad ? t('supervision.editSquad') : t('supervision.newSquad')}
      okText={t('common.save')}
      saveTestId="squad-save"
      form={form}
      save={save}
      initialValues={
        squad
          ? { groupId: squad.groupId, code: squad.code, name: squad.name }
          : { groupId, code: '', name: '' }
      }
      onClose={onClose}
    >
      <Form.Item
        name="groupId"
        label={t('supervision.fields.group')}
        rules={[{ required: true, message: t('supervision.pickGroup') }]}
      >
        <Select<number>
          loading={groups.isLoading}
          placeholder={t('supervision.pickGroup')}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.code} ${name(g)}` }))}
          data-testid="squad-group"
        />
      </Form.Item>
      <CodeNameFields editing={!!squad} testIdPrefix="squad" last />
    </SaveModal>
  );
}

interface MemberValues {
  userId?: number;
  line: SupervisionLine;
  departmentCode?: string;
  lead: boolean;
}

/** Add a supervisor account to a unit, with its line and department. */
export function MemberModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const candidates = useSupervisorCandidates(q);
  const [form] = Form.useForm<MemberValues>();
  const save = useSave(
    form,
    ['userId', 'line', 'departmentCode', 'lead'],
    (v: MemberValues) =>
      api.post<SupervisionMemberView>('/api/supervision/members', {
        userId: v.userId!,
        ...unitField(unit),
        line: v.line,
        departmentCode: v.departmentCode!,
        lead: v.lead,
      }),
    () => {
      message.success(t('supervision.memberAdded'));
      onClose();
    },
  );
  return (
    <SaveModal<MemberValues>
      title={t('supervision.addMember')}
      okText={t('supervision.add')}
      saveTestId="member-save"
      form={form}
      save={save}
      initialValues={{ line: 'emergency', departmentCode: LINE_DEPARTMENT.emergency, lead: false }}
      onValuesChange={(changed: Partial<MemberValues>) => {
        if (changed.line) form.setFieldValue('departmentCode', LINE_DEPARTMENT[changed.line]);
        if (changed.userId) {
          const c = candidates.data?.items.find((x) => x.id === changed.userId);
          if (c?.departmentCode) form.setFieldValue('departmentCode', c.departmentCode);
        }
      }}
      onClose={onClose}
    >
      <Form.Item
        name="userId"
        label={t('supervision.fields.account')}
        rules={[{ required: true, message: t('supervision.pickAccount') }]}
      >
        <Select<number>
          showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
          loading={candidates.isFetching}
          placeholder={t('supervision.pickAccount')}
          notFoundContent={t('supervision.noAccount')}
          options={(candidates.data?.items ?? []).map((c) => ({
            value: c.id,
            label: `${c.displayName}（${c.username}）`,
            units: c.units.map((u) => u.name).join('、'),
            department: c.departmentName,
          }))}
          optionRender={(o) => (
            <Flex vertical>
              <span>{o.data.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[o.data.department, o.data.units ? t('supervision.servesIn', { units: o.data.units }) : null]
                  .filter(Boolean)
                  .join(' · ') || t('supervision.noUnit')}
              </Typography.Text>
            </Flex>
          )}
          data-testid="member-account"
        />
      </Form.Item>
      <Form.Item name="line" label={t('supervision.fields.line')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={SUPERVISION_LINES.map((l) => ({ value: l, label: label(SUPERVISION_LINE_LABELS[l]) }))}
        />
      </Form.Item>
      <Form.Item
        name="departmentCode"
        label={t('supervision.fields.department')}
        rules={[{ required: true, message: t('supervision.pickDepartment') }]}
      >
        <DepartmentSelect data-testid="member-department" />
      </Form.Item>
      <Form.Item name="lead" valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>{t('supervision.lead')}</Checkbox>
      </Form.Item>
    </SaveModal>
  );
}

type Target = 'enterprise' | 'division' | 'city';

interface AssignmentValues {
  target: Target;
  enterpriseId?: number;
  district?: string;
  town?: string;
  reason?: string;
}

/** Assign an enterprise, a district or town, or the whole city to a unit. */
export function AssignmentModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignmentValues>();
  const target = Form.useWatch('target', form) ?? 'enterprise';
  const district = Form.useWatch('district', form);
  const picker = useEnterprisePicker({ enabled: target === 'enterprise' });
  const save = useSave(
    form,
    ['enterpriseId', 'district', 'town', 'reason'],
    (v: AssignmentValues) =>
      api.post<SupervisionAssignmentView>('/api/supervision/assignments', {
        ...unitField(unit),
        ...(v.target === 'enterprise'
          ? { enterpriseId: v.enterpriseId! }
          : { divisionCode: v.target === 'city' ? CITY_CODE : (v.town ?? v.district!) }),
        reason: v.reason?.trim() || undefined,
      }),
    () => {
      message.success(t('supervision.assigned'));
      onClose();
    },
  );
  return (
    <SaveModal<AssignmentValues>
      title={t('supervision.addAssignment')}
      okText={t('supervision.assign')}
      saveTestId="assignment-save"
      form={form}
      save={save}
      initialValues={{ target: 'enterprise' }}
      onValuesChange={(changed: Partial<AssignmentValues>) => {
        if ('district' in changed) form.setFieldValue('town', undefined);
      }}
      onClose={onClose}
    >
      <Form.Item name="target" label={t('supervision.fields.target')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={(['enterprise', 'division', 'city'] as const).map((k) => ({
            value: k,
            label: t(`supervision.targets.${k}`),
            ...{ 'data-testid': `assignment-target-${k}` },
          }))}
        />
      </Form.Item>
      {target === 'enterprise' && (
        <Form.Item
          name="enterpriseId"
          label={t('hazard.fields.enterprise')}
          rules={[{ required: true, message: t('inspection.pickEnterprise') }]}
        >
          <EnterpriseSelect picker={picker} data-testid="assignment-enterprise" />
        </Form.Item>
      )}
      {target === 'division' && (
        <Flex gap={8} wrap>
          <Form.Item
            name="district"
            label={t('enterprise.fields.division')}
            rules={[{ required: true, message: t('supervision.pickDistrict') }]}
            style={{ flex: 1, minWidth: 180 }}
          >
            <DistrictSelect data-testid="assignment-district" />
          </Form.Item>
          <Form.Item name="town" label={t('supervision.townOptional')} style={{ flex: 1, minWidth: 180 }}>
            <TownSelect divisionCode={district} />
          </Form.Item>
        </Flex>
      )}
      {target === 'city' && (
        <Typography.Paragraph type="secondary">{t('supervision.cityHint')}</Typography.Paragraph>
      )}
      <Form.Item name="reason" label={t('supervision.fields.reason')} style={{ marginBottom: 0 }}>
        <Input maxLength={200} placeholder={t('supervision.reasonPlaceholder')} />
      </Form.Item>
    </SaveModal>
  );
}

/** Ends a membership or an assignment (kept in history on the server). */
export function useEnd() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (x: { kind: 'members' | 'assignments'; id: number }) =>
      api.delete(`/api/supervision/${x.kind}/${x.id}`),
    onSuccess: (_, x) => {
      invalidate();
      message.success(x.kind === 'members' ? t('supervision.memberRemoved') : t('supervision.unassigned'));
    },
    onError: (err) => {
      message.error(isApiError(err) ? err.message : t('errors.generic'));
      invalidate();
    },
  });
}
