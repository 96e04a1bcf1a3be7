// The SVG export: names are text in the file, never markup; labels cut as on screen.
import assert from "node:assert/strict";
import { test } from "node:test";

// Kind labels follow the language kept in localStorage; Node has none.
Object.assign(globalThis, { localStorage: { getItem: () => null, setItem: () => undefined } });
const { cut, esc, toSvg } = await import("../../src/explorer/svg");

test("markup characters are escaped for text and quoted attributes", () => {
  assert.equal(esc(`<b>"A&B"</b>`), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;");
  assert.equal(esc("&amp;"), "&amp;amp;"); // escaped once more, shown as typed
  assert.equal(esc("數字政策辦公室"), "數字政策辦公室");
});

test("a long label is cut with an ellipsis, a short one kept", () => {
  assert.equal(cut("Buildings Department"), "Buildings Department");
  assert.equal(cut("x".repeat(24)), "x".repeat(24));
  const long = "Smart Government Innovation Lab";
  assert.equal(cut(long), `${long.slice(0, 23)}…`);
  assert.equal(cut(long).length, 24);
});

/** Just enough of a Cytoscape core for toSvg: two nodes and a link between them. */
function fakeCy(label: string): Parameters<typeof toSvg>[0] {
  const style: Record<string, string> = {
    "line-color": "#888",
    "line-style": "solid",
    width: "2",
    "border-width": "0",
    "border-style": "solid",
    "border-color": "#000",
  };
  const node = (id: string, kind: string, name: string, x: number) => ({
    id: () => id,
    data: (key: string) => ({ kind, colour: "#2e7d32", label: name })[key],
    style: (key: string) => style[key],
    position: () => ({ x, y: 0 }),
    width: () => 20,
  });
  const nodes = [node("department:x", "Department", label, 0), node("bureau:y", "Bureau", "DEVB", 100)];
  const edge = {
    data: (key: string) => ({ type: "PART_OF" })[key],
    style: (key: string) => style[key],
    sourceEndpoint: () => ({ x: 10, y: 0 }),
    targetEndpoint: () => ({ x: 90, y: 0 }),
    midpoint: () => ({ x: 50, y: 0 }),
  };
  const fake = {
    elements: () => ({ boundingBox: () => ({ x1: -10, y1: -10, w: 120, h: 40 }) }),
    nodes: () => ({ forEach: (visit: (n: unknown) => void) => nodes.forEach(visit) }),
    edges: () => ({ forEach: (visit: (e: unknown) => void) => [edge].forEach(visit) }),
  };
  return fake as unknown as Parameters<typeof toSvg>[0];
}

test("an entity's name in the drawing cannot become markup", () => {
  const svg = toSvg(fakeCy(`<script>alert("x")</script> & Co`));
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.ok(!svg.includes("<script"));
  // Cut first, then escaped: the ellipsis never splits an entity such as &amp;.
  assert.ok(svg.includes(">&lt;script&gt;alert(&quot;x&quot;)&lt;/scr…</text>"));
  // One circle per entity, one line per link, one legend square per kind drawn.
  assert.equal(svg.match(/<circle /g)?.length, 2);
  assert.equal(svg.match(/<line /g)?.length, 1);
  assert.equal(svg.match(/<g class="legend">[\s\S]*?<\/g>/)?.[0].match(/<rect /g)?.length, 2);
  assert.ok(svg.includes(">PART_OF</text>"));
});
