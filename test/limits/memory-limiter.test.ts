import { createMemoryLimiter } from '../../src/limits/memory/memory-limiter.js';
import { describeLimiterContract } from './limiter-contract.js';

describeLimiterContract('memory', (timing) => createMemoryLimiter(timing));
