import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';

export const publicPages = new Hono<AppEnv>();
