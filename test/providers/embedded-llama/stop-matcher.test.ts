import { describe, expect, it } from 'vitest';
import { createStopMatcher } from '../../../src/providers/embedded-llama/stop-matcher.js';

function run(stops: string[], chunks: string[]): { emitted: string[]; stopped: boolean; rest: string } {
  const matcher = createStopMatcher(stops);
  const emitted: string[] = [];
  for (const chunk of chunks) {
    const match = matcher.push(chunk);
    emitted.push(match.text);
    if (match.stopped) return { emitted, stopped: true, rest: '' };
  }
  return { emitted, stopped: false, rest: matcher.flush() };
}

describe('createStopMatcher', () => {
  it.each([
    { name: 'no stops passes text through', stops: [], chunks: ['a', 'b'], emitted: ['a', 'b'], stopped: false, rest: '' },
    { name: 'stop inside one chunk', stops: ['\nUser:'], chunks: ['hi\nUser: x'], emitted: ['hi'], stopped: true, rest: '' },
    {
      name: 'stop split across chunks',
      stops: ['\nUser:'],
      chunks: ['hi\nU', 'se', 'r: x'],
      emitted: ['hi', '', ''],
      stopped: true,
      rest: '',
    },
    { name: 'false start is released', stops: ['\nUser:'], chunks: ['hi\nU', 'p'], emitted: ['hi', '\nUp'], stopped: false, rest: '' },
    { name: 'held tail flushed at the end', stops: ['END'], chunks: ['the E'], emitted: ['the '], stopped: false, rest: 'E' },
    { name: 'earliest of several stops wins', stops: ['b', 'a'], chunks: ['xxab'], emitted: ['xx'], stopped: true, rest: '' },
    { name: 'empty stop strings are ignored', stops: [''], chunks: ['abc'], emitted: ['abc'], stopped: false, rest: '' },
  ])('$name', ({ stops, chunks, emitted, stopped, rest }) => {
    expect(run(stops, chunks)).toEqual({ emitted, stopped, rest });
  });
});
