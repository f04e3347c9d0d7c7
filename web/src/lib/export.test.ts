import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { toCsv, toXlsx } from './export.ts';

// The export must open in spreadsheet software: read it back with an independent XLSX reader.
describe('sheet export', () => {
  const sheet = {
    header: ['姓名', '电话', '备注'],
    rows: [
      ['王小明', '+8613812345678', 'a "quoted" <b>&</b>'],
      ['bell\u0007 and tab\there', 42, null],
    ],
  };

  it('writes an XLSX that an independent reader opens, with XML-illegal characters dropped', async () => {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its argument with its own copy of Node's Buffer.
    type XlsxInput = Parameters<typeof workbook.xlsx.load>[0];
    await workbook.xlsx.load(Buffer.from(toXlsx(sheet, '客户')) as unknown as XlsxInput);
    const ws = workbook.getWorksheet('客户');
    expect(ws?.getRow(1).values).toEqual([undefined, '姓名', '电话', '备注']);
    expect(ws?.getCell('C2').value).toBe('a "quoted" <b>&</b>');
    expect(ws?.getCell('A3').value).toBe('bell and tab\there');
    expect(ws?.getCell('B3').value).toBe(42);
  });

  it('defuses cells a spreadsheet would run as formulas, keeping signed numbers', () => {
    const hostile = {
      header: ['坐席', '电话', '差额'],
      rows: [
        ["=cmd|'/C calc'!A0", '+8613812345678', '-5'],
        ['@SUM(1+1)', '+cmd|x', '-2+3+cmd|x'],
        ['\t=1+1', '12.5', '-0.25'],
      ],
    };
    expect(toCsv(hostile).split('\r\n').slice(1)).toEqual([
      "'=cmd|'/C calc'!A0,+8613812345678,-5",
      "'@SUM(1+1),'+cmd|x,'-2+3+cmd|x",
      "'\t=1+1,12.5,-0.25",
    ]);
  });

  it('quotes CSV cells that need it', () => {
    expect(toCsv(sheet).split('\r\n')[1]).toBe('王小明,+8613812345678,"a ""quoted"" <b>&</b>"');
  });
});
