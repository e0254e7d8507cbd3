// A 2 KB chat request like an editor sends: an instruction and a pasted function, no secrets.
const code = `export function mergeIntervals(intervals: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((left, right) => left[0] - right[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}
`;

export function createBenchBody(model: string, stream: boolean, bytes = 2048): string {
  let content = 'Explain what this TypeScript function does, point out edge cases, and suggest tests.\n\n';
  while (content.length < bytes - 200) content += code;
  const body = {
    model,
    stream,
    messages: [
      { role: 'system', content: 'You are a concise senior engineer.' },
      { role: 'user', content },
    ],
  };
  return JSON.stringify(body);
}
