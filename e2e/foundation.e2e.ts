import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { USCC_ALPHABET, usccCheckChar } from '../shared/uscc';
import { login, openBrowser, screenshot } from './browser';

const base = inject('baseURL');
let browser: Awaited<ReturnType<typeof openBrowser>>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tongchou-e2e-files-'));

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function uscc(n: number): string {
  const body = Array.from({ length: 9 }, (_, i) => USCC_ALPHABET[(n * 11 + i * 5 + 3) % 31]).join('');
  const first = `91210502${body}`;
  return first + usccCheckChar(first);
}

async function writeXlsx(file: string, rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业名录');
  ws.addRow(['统一社会信用代码', '企业名称', '所属县区', '行业代码', '企业规模', '规模以上', '正常用工人数']);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('district clerk: registry and import', () => {
  it('sees only 平山区 enterprises, gets a row-level error report, fixes the file and imports', async () => {
    const { page } = browser;
    await login(page, base, 'district');
    await page.goto(`${base}/enterprises`);
    const table = page.getByTestId('enterprise-table');
    await table.locator('tbody tr').first().waitFor();
    const text = await table.textContent();
    expect(text).toContain('平山区');
    for (const other of ['溪湖区', '明山区', '南芬区', '桓仁满族自治县']) expect(text).not.toContain(other);
    await screenshot(page, 'foundation-district-enterprises');

    const good = [uscc(1), '本溪端到端测试一厂', '平山区', '3130', '中型', '是', 120];
    const badUscc = uscc(2).slice(0, 17) + (uscc(2)[17] === '0' ? '1' : '0');
    const bad = [badUscc, '本溪端到端测试二厂', '平山区', '3130', '小型', '否', 30];
    const badFile = await writeXlsx(path.join(tmp, 'bad.xlsx'), [good, bad]);
    const fixedFile = await writeXlsx(path.join(tmp, 'fixed.xlsx'), [good, [uscc(2), ...bad.slice(1)]]);

    await page.goto(`${base}/enterprises/import`);
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(badFile);
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: 60_000 });
    const report = await errors.textContent();
    expect(report).toContain('统一社会信用代码');
    expect(report).toMatch(/第18位校验码/);
    await screenshot(page, 'foundation-import-errors');

    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(fixedFile);
    await page.getByTestId('import-success').waitFor({ timeout: 60_000 });
    await screenshot(page, 'foundation-import-success');

    await page.goto(`${base}/enterprises?q=${encodeURIComponent('端到端测试')}`);
    await page.getByTestId('enterprise-table').getByText('本溪端到端测试二厂').waitFor();
    expect(await page.getByTestId('enterprise-table').textContent()).toContain('本溪端到端测试一厂');
  });
});
