/**
 * A plain aligned text table for the CLI: the first column left-aligned, the others
 * right-aligned when `numeric` says so. Cells are strings; control characters are replaced so a
 * stored value cannot rewrite the operator's terminal.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  const all = [header, ...rows].map((row) => row.map((cell) => cell.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')));
  const widths = header.map((_cell, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const lines = all.map((row) =>
    row
      .map((cell, column) => (numeric[column] === true ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}
