import { Select, type SelectProps, TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { industryDepth, useDepartments, useDivisionIndex, useIndustries } from '../api/reference';
import type { Industry } from '../api/types';
import { useLocale } from '../i18n';

type PassThrough<P> = Omit<P, 'options' | 'treeData' | 'loading'>;

/** Districts (县区, the high-tech zone included). */
export function DistrictSelect(props: PassThrough<SelectProps<string>>) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { districts, isLoading } = useDivisionIndex();
  return (
    <Select<string>
      placeholder={t('enterprise.fields.division')}
      showSearch={{ optionFilterProp: 'label' }}
      {...props}
      loading={isLoading}
      options={districts.map((d) => ({ value: d.code, label: name(d) }))}
    />
  );
}

/** Towns and streets of one district; empty until a district is chosen. */
export function TownSelect({
  divisionCode,
  ...props
}: PassThrough<SelectProps<string>> & { divisionCode?: string }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { townsOf, isLoading } = useDivisionIndex();
  const towns = townsOf(divisionCode);
  return (
    <Select<string>
      placeholder={divisionCode ? t('enterprise.fields.town') : t('enterprise.form.pickDivisionFirst')}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      disabled={!divisionCode}
      {...props}
      loading={isLoading}
      options={towns.map((d) => ({ value: d.code, label: name(d) }))}
    />
  );
}

export function DepartmentSelect(props: PassThrough<SelectProps<string>>) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { data, isLoading } = useDepartments();
  return (
    <Select<string>
      placeholder={t('user.fields.department')}
      showSearch={{ optionFilterProp: 'label' }}
      {...props}
      loading={isLoading}
      options={(data ?? []).map((d) => ({ value: d.code, label: name(d) }))}
    />
  );
}

interface IndustryNode {
  value: string;
  title: string;
  selectable: boolean;
  children: IndustryNode[];
}

function buildTree(
  industries: Industry[],
  maxDepth: number,
  sectionsSelectable: boolean,
  title: (i: Industry) => string,
): IndustryNode[] {
  const nodes = new Map<string, IndustryNode>();
  const kept = industries.filter((i) => industryDepth(i.code) <= maxDepth);
  for (const i of kept) {
    const depth = industryDepth(i.code);
    nodes.set(i.code, {
      value: i.code,
      title: title(i),
      selectable: depth > 0 || sectionsSelectable,
      children: [],
    });
  }
  const roots: IndustryNode[] = [];
  for (const i of kept) {
    const node = nodes.get(i.code)!;
    const depth = industryDepth(i.code);
    // Parent: the section for a division, otherwise the code one digit shorter (or the nearest kept ancestor).
    let parent: IndustryNode | undefined;
    for (let len = i.code.length - 1; depth > 1 && len >= 2 && !parent; len--)
      parent = nodes.get(i.code.slice(0, len));
    if (!parent && depth > 0) parent = nodes.get(i.section);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * GB/T 4754 industries as a searchable tree. `maxDepth` 1 = sections and divisions (filters);
 * the enterprise form goes down to classes and keeps sections unselectable.
 */
export function IndustrySelect({
  maxDepth = 1,
  sectionsSelectable = true,
  ...props
}: PassThrough<TreeSelectProps<string>> & { maxDepth?: number; sectionsSelectable?: boolean }) {
  const { t } = useTranslation();
  const { name } = useLocale();
  const { data, isLoading } = useIndustries();
  const treeData = useMemo(
    () => buildTree(data ?? [], maxDepth, sectionsSelectable, (i) => `${i.code} ${name(i)}`),
    [data, maxDepth, sectionsSelectable, name],
  );
  return (
    <TreeSelect<string>
      placeholder={t('enterprise.fields.industry')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      popupMatchSelectWidth={false}
      {...props}
      loading={isLoading}
      treeData={treeData}
    />
  );
}
