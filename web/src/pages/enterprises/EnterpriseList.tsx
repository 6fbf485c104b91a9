import { CloudUploadOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Flex, Input, Select, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  ENTERPRISE_FLAG_LABELS,
  ENTERPRISE_FLAGS,
  SIZE_CLASS_LABELS,
  SIZE_CLASSES,
} from '../../../../shared/enums';
import { api, toQueryString } from '../../api/client';
import type { EnterpriseView, Paged } from '../../api/types';
import { useAuth } from '../../auth';
import { EnumSelect } from '../../components/EnumSelect';
import { ListPage } from '../../components/ListPage';
import { PagedTable } from '../../components/PagedTable';
import { DistrictSelect, IndustrySelect } from '../../components/ReferenceSelects';
import { StatusTag } from '../../components/StatusTag';
import { urlPaging, useUrlState } from '../../lib/useUrlState';
import { FLAG_COLORS, flagsOf } from './flags';

const FILTER_KEYS = [
  'q',
  'division',
  'industry',
  'sizeClass',
  'aboveScale',
  'flag',
  'archived',
  'sort',
  'page',
  'pageSize',
] as const;

const SORTS = ['name', 'uscc', 'division', 'updatedAt'] as const;

/** The enterprise register: server-side filtered and paged, filters kept in the URL. */
export default function EnterpriseList() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { values: f, update, clear } = useUrlState(FILTER_KEYS);
  const [q, setQ] = useState(f.q ?? '');
  useEffect(() => setQ(f.q ?? ''), [f.q]);

  const paging = urlPaging(f, update);
  const { page, pageSize } = paging;
  const filters = {
    q: f.q,
    division: f.division,
    industry: f.industry,
    sizeClass: f.sizeClass,
    aboveScale: f.aboveScale,
    flag: f.flag,
    archived: f.archived,
    sort: f.sort,
  };

  const list = useQuery({
    queryKey: ['enterprises', filters, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<Paged<EnterpriseView>>('/api/enterprises', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<EnterpriseView> = [
    {
      title: t('enterprise.fields.name'),
      dataIndex: 'name',
      ellipsis: true,
      width: 220,
      render: (_, e) => (
        <Flex gap={4} align="center">
          <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
          {e.archived && <Tag>{t('enterprise.archivedTag')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('enterprise.fields.uscc'),
      dataIndex: 'uscc',
      width: 190,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('enterprise.fields.division'),
      dataIndex: 'divisionName',
      width: 150,
      ellipsis: true,
      render: (_, e) => (e.townName ? `${e.divisionName} · ${e.townName}` : e.divisionName),
    },
    {
      title: t('enterprise.fields.industry'),
      dataIndex: 'industryName',
      ellipsis: true,
      width: 180,
      render: (_, e) => `${e.industryCode} ${e.industryName}`,
    },
    {
      title: t('enterprise.fields.sizeClass'),
      dataIndex: 'sizeClass',
      width: 100,
      render: (v: EnterpriseView['sizeClass']) => <StatusTag value={v} labels={SIZE_CLASS_LABELS} />,
    },
    {
      title: t('enterprise.fields.aboveScale'),
      dataIndex: 'aboveScale',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="blue">{t('enterprise.aboveScaleTag')}</Tag> : '—'),
    },
    {
      title: t('enterprise.fields.flags'),
      key: 'flags',
      render: (_, e) => (
        <Flex wrap gap={4}>
          {flagsOf(e).map((fl) => (
            <StatusTag key={fl} value={fl} labels={ENTERPRISE_FLAG_LABELS} colors={FLAG_COLORS} />
          ))}
        </Flex>
      ),
    },
  ];

  const exportHref = `/api/enterprises/export${toQueryString(filters)}`;
  const anyFilter = Object.values(filters).some((v) => v !== undefined);

  return (
    <ListPage
      title={t('menu.enterprises')}
      actions={
        <>
          {can('enterprise.create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/enterprises/new')}
              data-testid="enterprise-new"
            >
              {t('enterprise.list.new')}
            </Button>
          )}
          {can('enterprise.import') && (
            <Button
              icon={<CloudUploadOutlined />}
              onClick={() => navigate('/enterprises/import')}
              data-testid="enterprise-import"
            >
              {t('enterprise.list.import')}
            </Button>
          )}
          {can('enterprise.export') && (
            <Button icon={<DownloadOutlined />} href={exportHref} download data-testid="enterprise-export">
              {t('enterprise.list.export')}
            </Button>
          )}
        </>
      }
      filters={
        <>
          <Input.Search
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            placeholder={t('enterprise.list.searchPlaceholder')}
            style={{ width: 280 }}
            data-testid="enterprise-search"
          />
          <DistrictSelect
            allowClear
            value={f.division}
            onChange={(v) => update({ division: v })}
            style={{ width: 170 }}
            data-testid="filter-division"
          />
          <IndustrySelect
            allowClear
            value={f.industry}
            onChange={(v) => update({ industry: v })}
            style={{ width: 200 }}
            data-testid="filter-industry"
          />
          <EnumSelect
            values={SIZE_CLASSES}
            labels={SIZE_CLASS_LABELS}
            placeholder={t('enterprise.fields.sizeClass')}
            value={f.sizeClass}
            onChange={(v) => update({ sizeClass: v })}
            style={{ width: 110 }}
            data-testid="filter-size"
          />
          <Select<string>
            allowClear
            placeholder={t('enterprise.fields.aboveScale')}
            value={f.aboveScale}
            onChange={(v) => update({ aboveScale: v })}
            style={{ width: 130 }}
            options={[
              { value: 'true', label: t('enterprise.list.aboveScaleYes') },
              { value: 'false', label: t('enterprise.list.aboveScaleNo') },
            ]}
            data-testid="filter-above-scale"
          />
          <EnumSelect
            values={ENTERPRISE_FLAGS}
            labels={ENTERPRISE_FLAG_LABELS}
            placeholder={t('enterprise.fields.flags')}
            value={f.flag}
            onChange={(v) => update({ flag: v })}
            style={{ width: 150 }}
            data-testid="filter-flag"
          />
          <Select<string>
            allowClear
            placeholder={t('enterprise.list.status')}
            value={f.archived}
            onChange={(v) => update({ archived: v })}
            style={{ width: 120 }}
            options={[
              { value: 'false', label: t('enterprise.list.active') },
              { value: 'true', label: t('enterprise.list.archived') },
            ]}
            data-testid="filter-archived"
          />
          <Select<string>
            placeholder={t('enterprise.list.sort')}
            value={f.sort}
            onChange={(v) => update({ sort: v })}
            style={{ width: 150 }}
            options={SORTS.map((s) => ({ value: s, label: t(`enterprise.list.sortBy.${s}`) }))}
            data-testid="filter-sort"
          />
          {anyFilter && (
            <Button type="link" onClick={clear}>
              {t('common.resetFilters')}
            </Button>
          )}
        </>
      }
    >
      <PagedTable<EnterpriseView>
        data-testid="enterprise-table"
        query={list}
        columns={columns}
        {...paging}
        minWidth={1000}
      />
    </ListPage>
  );
}
