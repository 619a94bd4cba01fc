type Medians = Record<string, Record<number, { firstUp: number }>>;

const colours = ["#1f6feb", "#8b949e", "#d1242f", "#2da44e"];

/** A small line chart of the first up's median time against N, one line per contender. */
export function chart(medians: Medians, sizes: number[]): string {
  const [width, height, pad] = [560, 300, 50];
  const names = Object.keys(medians);
  const maxMs = Math.max(...names.flatMap((name) => sizes.map((n) => medians[name][n].firstUp)));
  const maxN = Math.max(...sizes);
  const x = (n: number) => pad + (n / maxN) * (width - 2 * pad);
  const y = (ms: number) => height - pad - (ms / maxMs) * (height - 2 * pad);
  const lines = names.map((name, i) => {
    const points = sizes.map((n) => `${x(n).toFixed(1)},${y(medians[name][n].firstUp).toFixed(1)}`).join(" ");
    const legend = `<text x="${pad + 10}" y="${pad + 16 * i}" fill="${colours[i]}">${name}</text>`;
    return `<polyline fill="none" stroke="${colours[i]}" stroke-width="2" points="${points}"/>${legend}`;
  });
  const ticks = sizes.map(
    (n) => `<text x="${x(n)}" y="${height - pad + 18}" text-anchor="middle">${n}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<title>The first up's median time against N, one line per contender</title>
<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#000"/>
<line x1="${pad}" y1="${pad / 2}" x2="${pad}" y2="${height - pad}" stroke="#000"/>
<text x="${width / 2}" y="${height - 8}" text-anchor="middle">N resources</text>
<text x="12" y="${height / 2}" transform="rotate(-90 12 ${height / 2})" text-anchor="middle">first up, s (max ${(maxMs / 1000).toFixed(1)})</text>
${ticks.join("\n")}
${lines.join("\n")}
</svg>
`;
}
