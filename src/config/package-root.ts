import { fileURLToPath } from 'node:url';

/** The installed package's root (works from src/ under tests and from dist/ when built). */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
