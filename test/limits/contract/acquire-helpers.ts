import { expect } from 'vitest';
import type { AcquireDenied, AcquireGranted, AcquireResult } from '../../../src/limits/types.js';

export function expectGranted(result: AcquireResult): AcquireGranted {
  expect(result.allowed).toBe(true);
  return result as AcquireGranted;
}

export function expectDenied(result: AcquireResult): AcquireDenied {
  expect(result.allowed).toBe(false);
  return result as AcquireDenied;
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
