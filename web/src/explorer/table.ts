// Sortable tables with a CSV button: every planner answer, node list and digest list
// is one of these, so sorting and export behave the same everywhere.
import { downloadCsv, type Cell } from "./csv";
import { h, replace, type Child } from "./dom";
import { t } from "./i18n";

export interface Column<R> {
  label: string;
  /** The value sorted on and exported. */
  value: (row: R) => Cell;
  /** What the cell shows (default: the value as text). */
  render?: (row: R) => Child | Child[];
  numeric?: boolean;
}

/** A table whose headers sort it (click or Enter), with a "Download CSV" button that
 *  exports the rows in the order shown. */
export function sortableTable<R>(columns: Column<R>[], rows: R[], filename: string, caption?: string): HTMLElement {
  let order = rows.slice();
  let sortedBy = -1;
  let ascending = true;
  const tbody = h("tbody");
  const headers = columns.map((column, index) => {
    const button = h("button", { type: "button", class: "sort" }, column.label);
    const th = h("th", { scope: "col", "aria-sort": "none" }, button);
    button.addEventListener("click", () => {
      ascending = sortedBy === index ? !ascending : true;
      sortedBy = index;
      order = rows.slice().sort((a, b) => compareCells(column.value(a), column.value(b)) * (ascending ? 1 : -1));
      for (const other of headers) other.setAttribute("aria-sort", "none");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      draw();
    });
    return th;
  });
  const draw = (): void => {
    replace(
      tbody,
      order.map((row) =>
        h(
          "tr",
          {},
          columns.map((c) => h("td", { class: c.numeric ? "num" : null }, c.render ? c.render(row) : textOf(c.value(row)))),
        ),
      ),
    );
  };
  draw();
  const exportButton = h("button", { type: "button", class: "csv" }, t("downloadCsv"));
  exportButton.addEventListener("click", () =>
    downloadCsv(
      filename,
      columns.map((c) => c.label),
      order.map((row) => columns.map((c) => c.value(row))),
    ),
  );
  const table = h(
    "table",
    { class: "data" },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, headers)),
    tbody,
  );
  return h(
    "div",
    { class: "table-block" },
    h("div", { class: "table-tools" }, h("span", { class: "hint" }, `${rows.length} · ${t("sortHint")}`), exportButton),
    h("div", { class: "table-scroll" }, table),
    // An empty table is an answer ("none"), not a failure: say so in words.
    rows.length === 0 ? h("p", { class: "hint empty-table" }, t("noResults")) : null,
  );
}

function textOf(value: Cell): string {
  return value === null || value === undefined ? "" : String(value);
}

/** Numbers by value, text by the user's collation (so Chinese sorts sensibly); in
 *  ascending order, empty cells come after the rest. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === null || a === undefined || a === "") return b === null || b === undefined || b === "" ? 0 : 1;
  if (b === null || b === undefined || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}
