// CSV as Excel reads it: UTF-8 with a byte-order mark (without it Excel guesses a
// legacy code page and Chinese names turn to mojibake), RFC 4180 quoting, CRLF lines.

export type Cell = string | number | boolean | null | undefined;

/** One field, quoted when it holds a comma, quote, or line break. */
export function csvField(value: Cell): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header line, then one line per row. */
export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/** Offers ``data`` as a file download named ``filename``. */
export function download(filename: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken its copy once the click is handled.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a CSV file. */
export function downloadCsv(filename: string, header: string[], rows: Cell[][]): void {
  download(filename, new Blob([toCsv(header, rows)], { type: "text/csv;charset=utf-8" }));
}
