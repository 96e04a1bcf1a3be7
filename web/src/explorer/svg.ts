// SVG export of a drawing. Cytoscape.js renders to canvas only, and the one SVG plug-in
// (cytoscape-svg 0.4.0, unmaintained since 2021) redraws canvas calls as paths; a
// report editor wants real shapes it can restyle, so this writes them directly from
// the laid-out model: a line (with arrow and type label) per link, a circle with its
// name per entity, and the legend of kinds, in the same colours as the screen.
import type cytoscape from "cytoscape";
import { download } from "./csv";
import { kindLabel } from "./i18n";

/** Text made safe inside an SVG element or a quoted attribute. */
export const esc = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (value: number): string => String(Math.round(value * 10) / 10);
/** A label as the canvas shows it: cut with an ellipsis past ~24 characters. */
export const cut = (text: string): string => (text.length > 24 ? `${text.slice(0, 23)}…` : text);

/** The drawing of ``cy`` as a standalone SVG document. */
export function toSvg(cy: cytoscape.Core): string {
  const box = cy.elements().boundingBox({});
  const pad = 20;
  // The legend's colour of each kind drawn is that of its nodes, as on screen.
  const colours = new Map<string, string>();
  cy.nodes().forEach((n) => {
    if (!colours.has(String(n.data("kind")))) colours.set(String(n.data("kind")), String(n.data("colour")));
  });
  const kinds = Array.from(colours.keys());
  const legendHeight = kinds.length * 18 + 10;
  const x0 = box.x1 - pad;
  const y0 = box.y1 - pad - legendHeight;
  const width = box.w + 2 * pad;
  const height = box.h + 2 * pad + legendHeight;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x0)} ${num(y0)} ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}" font-family="sans-serif">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/></marker></defs>`,
    `<rect x="${num(x0)}" y="${num(y0)}" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`,
    `<g class="legend">`,
    ...kinds.map((kind, i) => {
      const y = y0 + 14 + i * 18;
      // Squares, not circles: a circle in the file is an entity of the drawing.
      return `<rect x="${num(x0 + 8)}" y="${num(y - 6)}" width="12" height="12" fill="${esc(colours.get(kind) ?? "#999")}"/><text x="${num(x0 + 26)}" y="${num(y + 4)}" font-size="11">${esc(kindLabel(kind))}</text>`;
    }),
    `</g>`,
    `<g class="edges">`,
  ];
  cy.edges().forEach((edge) => {
    const a = edge.sourceEndpoint();
    const b = edge.targetEndpoint();
    const m = edge.midpoint();
    const colour = String(edge.style("line-color"));
    const dashed = edge.style("line-style") === "dashed" ? ` stroke-dasharray="5,3"` : "";
    out.push(
      `<line x1="${num(a.x)}" y1="${num(a.y)}" x2="${num(b.x)}" y2="${num(b.y)}" stroke="${colour}" stroke-width="${num(parseFloat(String(edge.style("width"))) || 1.5)}"${dashed} marker-end="url(#arrow)"/>`,
      `<text x="${num(m.x)}" y="${num(m.y - 2)}" font-size="7" fill="#555" text-anchor="middle">${esc(String(edge.data("type") ?? ""))}</text>`,
    );
  });
  out.push(`</g>`, `<g class="nodes">`);
  cy.nodes().forEach((node) => {
    const p = node.position();
    const r = node.width() / 2;
    const border = parseFloat(String(node.style("border-width"))) || 0;
    const dashed = node.style("border-style") === "dashed" ? ` stroke-dasharray="3,2"` : "";
    out.push(
      `<circle cx="${num(p.x)}" cy="${num(p.y)}" r="${num(r)}" fill="${esc(String(node.data("colour")))}" stroke="${esc(String(node.style("border-color")))}" stroke-width="${num(border)}"${dashed}><title>${esc(String(node.id()))}</title></circle>`,
      `<text x="${num(p.x)}" y="${num(p.y + r + 13)}" font-size="10" fill="#1b1b1b" text-anchor="middle">${esc(cut(String(node.data("label") ?? "")))}</text>`,
    );
  });
  out.push(`</g>`, `</svg>`);
  return out.join("\n") + "\n";
}

/** Downloads the drawing as an SVG file. */
export function downloadSvg(cy: cytoscape.Core, filename: string): void {
  download(filename, new Blob([toSvg(cy)], { type: "image/svg+xml;charset=utf-8" }));
}
