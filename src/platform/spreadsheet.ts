// Tables leave the service as CSV or XLSX through one place, so every export defuses
// spreadsheet formulas and is sent with the same no-store, attachment headers.
import type { FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';

export type TableCell = string | number | null;
export type Table = readonly (readonly TableCell[])[];
export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

// A cell a spreadsheet would run as a formula (or DDE command) is prefixed with an apostrophe.
const defused = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** RFC 4180 CSV with CRLF line ends. */
export function toCsv(rows: Table): string {
  const cell = (value: TableCell) => {
    const text = defused(value === null ? '' : String(value));
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * One-sheet workbook; the first row is bold. Text goes in as string cells, which a spreadsheet never
 * evaluates, so it is kept as written. (exceljs rather than write-excel-file: the latter keys its
 * shared strings on a plain object, so a cell reading "constructor" or "valueOf" corrupts the file.)
 */
export async function toXlsx(rows: Table, sheet: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheet);
  for (const row of rows) worksheet.addRow(row.map((value) => value ?? undefined));
  worksheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Sends a table as a download. `filename` is without extension and must hold no personal data. */
export async function sendTable(
  reply: FastifyReply,
  rows: Table,
  options: { format: TableFormat; filename: string; sheet: string },
) {
  const body = options.format === 'csv' ? toCsv(rows) : await toXlsx(rows, options.sheet);
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${options.filename}.${options.format}"`)
    .type(CONTENT_TYPES[options.format])
    .send(body);
}
