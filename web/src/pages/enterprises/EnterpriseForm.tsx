import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  ENTERPRISE_FLAG_LABELS,
  ENTERPRISE_FLAGS,
  type EnterpriseFlag,
  SIZE_CLASS_LABELS,
  SIZE_CLASSES,
  type SizeClass,
} from '../../../../shared/enums';
import { checkUscc, describeUsccProblem } from '../../../../shared/uscc';
import { api, isApiError } from '../../api/client';
import { useDivisionIndex } from '../../api/reference';
import type { EnterpriseCreateBody, EnterpriseUpdateInput, EnterpriseView } from '../../api/types';
import { useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { DistrictSelect, IndustrySelect, TownSelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';
import { formatYuan } from '../../lib/format';
import { useEnterprise } from './EnterpriseDetail';

type FormValues = {
  uscc: string;
  name: string;
  divisionCode?: string;
  townCode?: string | null;
  address: string;
  industryCode?: string;
  sizeClass?: SizeClass;
  aboveScale: boolean;
  normalWorkforce: number | null;
  normalDailyOutput: number | null;
  legalRepresentative: string;
  contactName: string;
  contactPhone: string;
} & Record<EnterpriseFlag, boolean>;

const FIELDS = [
  'uscc',
  'name',
  'divisionCode',
  'townCode',
  'address',
  'industryCode',
  'sizeClass',
  'aboveScale',
  ...ENTERPRISE_FLAGS,
  'normalWorkforce',
  'normalDailyOutput',
  'legalRepresentative',
  'contactName',
  'contactPhone',
] as const satisfies readonly (keyof FormValues)[];

const PHONE = /^$|^[0-9+\-() ]{5,20}$/;

function emptyValues(divisionCode?: string): FormValues {
  return {
    uscc: '',
    name: '',
    divisionCode,
    townCode: null,
    address: '',
    industryCode: undefined,
    sizeClass: undefined,
    aboveScale: false,
    ...(Object.fromEntries(ENTERPRISE_FLAGS.map((f) => [f, false])) as Record<EnterpriseFlag, boolean>),
    normalWorkforce: 0,
    normalDailyOutput: 0,
    legalRepresentative: '',
    contactName: '',
    contactPhone: '',
  };
}

function toValues(e: EnterpriseView): FormValues {
  const v = {} as Record<string, unknown>;
  for (const f of FIELDS) v[f] = e[f];
  return v as FormValues;
}

/** Trimmed strings, '' and undefined as null: what counts as "the same value" when diffing. */
function norm(v: unknown): unknown {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  return v ?? null;
}

/** The body a form sends: optional fields left empty are omitted on create. */
function createBody(v: FormValues): EnterpriseCreateBody {
  const body: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const value = norm(v[f]);
    if (value !== null) body[f] = value;
  }
  return body as EnterpriseCreateBody;
}

/** Only what the user changed, so a masked phone or an untouched field is never written back. */
function updateBody(v: FormValues, base: FormValues, version: number): EnterpriseUpdateInput {
  const body: Record<string, unknown> = { version };
  for (const f of FIELDS) {
    if (norm(v[f]) === norm(base[f])) continue;
    const value = norm(v[f]);
    if (value === null && (f === 'normalWorkforce' || f === 'normalDailyOutput')) body[f] = 0;
    else if (value === null && f !== 'townCode') body[f] = '';
    else body[f] = value;
  }
  return body as EnterpriseUpdateInput;
}

/** Create (/enterprises/new) and edit (/enterprises/:id/edit) in one form. */
export default function EnterpriseForm() {
  const { id } = useParams();
  const editing = !!id;
  const query = useEnterprise(id);
  if (!editing) return <EnterpriseFormBody />;
  if (query.isLoading) return <PageSpinner />;
  if (query.error || !query.data)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <EnterpriseFormBody existing={query.data} refetch={query.refetch} />;
}

function EnterpriseFormBody({
  existing,
  refetch,
}: {
  existing?: EnterpriseView;
  refetch?: () => Promise<{ data?: EnterpriseView }>;
}) {
  const { t } = useTranslation();
  const { locale, label } = useLocale();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const { byCode, townsOf } = useDivisionIndex();

  const defaultDivision =
    me.divisionCode && byCode.get(me.divisionCode)?.level === 'district' ? me.divisionCode : undefined;
  const initial = useMemo(
    () => (existing ? toValues(existing) : emptyValues(defaultDivision)),
    [existing, defaultDivision],
  );
  // What the edit diffs against and the version it claims; both move when the user reloads after a 409.
  const [base, setBase] = useState<{ values: FormValues; version: number }>({
    values: initial,
    version: existing?.version ?? 0,
  });
  const [banner, setBanner] = useState<string | null>(null);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    if (!existing && defaultDivision && !form.getFieldValue('divisionCode')) {
      form.setFieldValue('divisionCode', defaultDivision);
    }
  }, [existing, defaultDivision, form]);

  const divisionCode = Form.useWatch('divisionCode', form);
  const output = Form.useWatch('normalDailyOutput', form);

  const mutation = useMutation({
    mutationFn: (v: FormValues) =>
      existing
        ? api.patch<EnterpriseView>(
            `/api/enterprises/${existing.id}`,
            updateBody(v, base.values, base.version),
          )
        : api.post<EnterpriseView>('/api/enterprises', createBody(v)),
    onSuccess: (saved) => {
      qc.setQueryData(['enterprise', String(saved.id)], saved);
      void qc.invalidateQueries({ queryKey: ['enterprises'] });
      message.success(existing ? t('enterprise.form.saved') : t('enterprise.form.created'));
      navigate(`/enterprises/${saved.id}`);
    },
    onError: (err) => {
      if (isApiError(err, 'stale_version')) {
        setStale(true);
        setBanner(null);
        return;
      }
      if (isApiError(err, 'duplicate')) {
        form.setFields([{ name: 'uscc', errors: [err.message] }]);
        setBanner(null);
        return;
      }
      setBanner(formErrorBanner(form, err, FIELDS));
    },
  });

  const reloadKeepingInput = async () => {
    const latest = (await refetch?.())?.data;
    if (!latest) return;
    setBase({ values: toValues(latest), version: latest.version });
    setStale(false);
    message.info(t('enterprise.stale.reloadedKept'));
  };

  const reloadDiscarding = async () => {
    const latest = (await refetch?.())?.data;
    if (!latest) return;
    const values = toValues(latest);
    setBase({ values, version: latest.version });
    form.setFieldsValue(values);
    setStale(false);
  };

  const onFinish = (v: FormValues) => {
    setBanner(null);
    if (existing && Object.keys(updateBody(v, base.values, base.version)).length === 1) {
      message.info(t('enterprise.form.noChanges'));
      return;
    }
    mutation.mutate(v);
  };

  const onValuesChange = (changed: Partial<FormValues>) => {
    if ('divisionCode' in changed) {
      const town = form.getFieldValue('townCode');
      if (town && !townsOf(changed.divisionCode).some((d) => d.code === town))
        form.setFieldValue('townCode', null);
    }
  };

  const required = (field: string) => ({ required: true, message: t('validation.required', { field }) });
  const col = { xs: 24, md: 12 };

  return (
    <div data-testid="enterprise-form">
      <PageHeader
        title={
          existing
            ? t('enterprise.form.editTitle', { name: existing.name })
            : t('enterprise.form.createTitle')
        }
        extra={
          <>
            <Button onClick={() => navigate(existing ? `/enterprises/${existing.id}` : '/enterprises')}>
              {t('common.cancel')}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              loading={mutation.isPending}
              onClick={() => form.submit()}
              data-testid="enterprise-submit"
            >
              {t('common.save')}
            </Button>
          </>
        }
      />
      {stale && (
        <Alert
          type="warning"
          showIcon
          data-testid="stale-warning"
          style={{ marginBottom: 16 }}
          title={t('enterprise.stale.title')}
          description={t('enterprise.stale.description')}
          action={
            <Flex vertical gap={8}>
              <Button
                size="small"
                type="primary"
                onClick={() => void reloadKeepingInput()}
                data-testid="stale-keep"
              >
                {t('enterprise.stale.keepMine')}
              </Button>
              <Button size="small" danger onClick={() => void reloadDiscarding()} data-testid="stale-discard">
                {t('enterprise.stale.discardMine')}
              </Button>
            </Flex>
          }
        />
      )}
      {banner && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={banner} data-testid="form-error" />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={onFinish}
        onValuesChange={onValuesChange}
        scrollToFirstError
      >
        <Flex vertical gap={16}>
          <Card title={t('enterprise.form.sectionBasic')} variant="borderless">
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item
                  name="uscc"
                  label={t('enterprise.fields.uscc')}
                  normalize={(v: string) => v.toUpperCase()}
                  validateFirst
                  rules={[
                    required(t('enterprise.fields.uscc')),
                    {
                      validator: (_, v: string) => {
                        const p = v ? checkUscc(v) : null;
                        return p
                          ? Promise.reject(new Error(describeUsccProblem(p, locale)))
                          : Promise.resolve();
                      },
                    },
                  ]}
                  extra={t('enterprise.form.usccHint')}
                >
                  <Input
                    style={{ fontFamily: 'monospace' }}
                    placeholder="91210500XXXXXXXXXX"
                    autoComplete="off"
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="name"
                  label={t('enterprise.fields.name')}
                  rules={[
                    required(t('enterprise.fields.name')),
                    {
                      min: 2,
                      max: 100,
                      whitespace: true,
                      message: t('validation.length', { min: 2, max: 100 }),
                    },
                  ]}
                >
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="divisionCode"
                  label={t('enterprise.fields.division')}
                  rules={[required(t('enterprise.fields.division'))]}
                >
                  <DistrictSelect />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="townCode" label={t('enterprise.fields.town')}>
                  <TownSelect divisionCode={divisionCode} />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item
                  name="address"
                  label={t('enterprise.fields.address')}
                  rules={[{ max: 200, message: t('validation.max', { max: 200 }) }]}
                >
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="industryCode"
                  label={t('enterprise.fields.industry')}
                  rules={[required(t('enterprise.fields.industry'))]}
                >
                  <IndustrySelect maxDepth={3} sectionsSelectable={false} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="sizeClass"
                  label={t('enterprise.fields.sizeClass')}
                  rules={[required(t('enterprise.fields.sizeClass'))]}
                >
                  <Select<SizeClass>
                    placeholder={t('enterprise.fields.sizeClass')}
                    options={SIZE_CLASSES.map((s) => ({ value: s, label: label(SIZE_CLASS_LABELS[s]) }))}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('enterprise.form.sectionFlags')} variant="borderless">
            <Form.Item
              name="aboveScale"
              label={t('enterprise.fields.aboveScale')}
              valuePropName="checked"
              extra={t('enterprise.form.aboveScaleHint')}
            >
              <Switch />
            </Form.Item>
            <Flex wrap gap={16}>
              {ENTERPRISE_FLAGS.map((f) => (
                <Form.Item key={f} name={f} valuePropName="checked" noStyle>
                  <Checkbox>{label(ENTERPRISE_FLAG_LABELS[f])}</Checkbox>
                </Form.Item>
              ))}
            </Flex>
          </Card>

          <Card title={t('enterprise.form.sectionCapacity')} variant="borderless">
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item
                  name="normalWorkforce"
                  label={t('enterprise.fields.normalWorkforce')}
                  rules={[
                    {
                      type: 'integer',
                      min: 0,
                      max: 1_000_000,
                      message: t('validation.integerRange', { min: 0, max: 1_000_000 }),
                    },
                  ]}
                >
                  <InputNumber<number>
                    min={0}
                    max={1_000_000}
                    precision={0}
                    style={{ width: '100%' }}
                    suffix={t('enterprise.form.peopleUnit')}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="normalDailyOutput"
                  label={t('enterprise.fields.normalDailyOutput')}
                  rules={[
                    {
                      type: 'number',
                      min: 0,
                      max: 1e11,
                      message: t('validation.numberRange', { min: 0, max: '1e11' }),
                    },
                  ]}
                  extra={
                    output
                      ? t('enterprise.form.outputIs', { amount: formatYuan(output, locale) })
                      : t('enterprise.form.outputHint')
                  }
                >
                  <InputNumber<number>
                    min={0}
                    max={1e11}
                    precision={2}
                    style={{ width: '100%' }}
                    suffix={t('enterprise.form.yuanPerDay')}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('enterprise.form.sectionContact')} variant="borderless">
            <Row gutter={16}>
              {(['legalRepresentative', 'contactName'] as const).map((name) => (
                <Col key={name} xs={24} md={8}>
                  <Form.Item
                    name={name}
                    label={t(`enterprise.fields.${name}`)}
                    rules={[{ max: 50, message: t('validation.max', { max: 50 }) }]}
                  >
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24} md={8}>
                <Form.Item
                  name="contactPhone"
                  label={t('enterprise.fields.contactPhone')}
                  extra={existing?.phoneMasked ? t('enterprise.form.phoneMaskedHint') : undefined}
                  rules={[
                    {
                      validator: (_, v: string | undefined) =>
                        !v || v === base.values.contactPhone || PHONE.test(v.trim())
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('validation.phone'))),
                    },
                  ]}
                >
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        </Flex>
      </Form>
    </div>
  );
}
